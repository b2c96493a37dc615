package dev.slipway.gateway.job;

import dev.slipway.model.JobMessage;
import java.util.OptionalLong;

/**
 * Hands accepted jobs to the workers of their pool: RabbitMQ in a deployment, an in-process broker
 * in the standalone mode. Both pass one contract suite (module {@code standalone}).
 */
public interface JobQueue {

    /**
     * Returns once the broker has confirmed that the message is stored durably in the pool's queue.
     *
     * @throws QueueUnavailableException when the broker is unreachable, refuses the message or does
     *     not confirm it in time
     */
    void publish(JobMessage message);

    /** How many messages wait in a route's queue; empty when the broker cannot say now. */
    OptionalLong backlog(String route);
}
