package dev.slipway.gateway.job;

import dev.slipway.model.JobMessage;

/** Hands accepted jobs to the workers of their pool. */
public interface JobQueue {

    /**
     * Returns once the broker has confirmed that the message is stored durably in the pool's queue.
     *
     * @throws QueueUnavailableException when the broker is unreachable, refuses the message or does
     *     not confirm it in time
     */
    void publish(JobMessage message);
}
