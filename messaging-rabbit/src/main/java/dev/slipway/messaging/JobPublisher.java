package dev.slipway.messaging;

import dev.slipway.model.JobMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Puts job messages on their route's queue (the pool's, or the pool's for their constraints): the
 * gateway's submissions, and the workers' retries and hand-backs; and environments' commands on
 * theirs.
 */
public interface JobPublisher {

    /**
     * Returns once the broker has confirmed that the message is stored durably in its route's queue,
     * which it declares first when this publisher has not yet done so (a route appears with its first job).
     *
     * @throws BrokerUnavailableException when the broker is unreachable, refuses or cannot route the
     *     message, or does not confirm it in time; the message may or may not have been stored
     */
    void publish(JobMessage message);

    /**
     * Publishes many job messages as {@link #publish(JobMessage)} does, but waits for all their
     * confirms at once: one wait for a batch rather than one per message.
     *
     * @return for each message, in order, null when the broker confirmed it, or why it did not (the
     *     message may or may not have been stored, as for {@link #publish(JobMessage)})
     */
    default List<@Nullable BrokerUnavailableException> publishAll(List<JobMessage> messages) {
        List<@Nullable BrokerUnavailableException> failures = new ArrayList<>(messages.size());
        for (JobMessage message : messages) {
            try {
                publish(message);
                failures.add(null);
            } catch (BrokerUnavailableException e) {
                failures.add(e);
            }
        }
        return failures;
    }

    /**
     * Puts any other message (an environment's command) on a route's queue, as {@link
     * #publish(JobMessage)} does, with the same confirm and the same failure.
     *
     * @param messageId what the broker and its tools show the message as
     * @throws BrokerUnavailableException as for a job message
     */
    void publish(String route, String messageId, byte[] body);

    /** How many messages wait in a route's queue; empty when the broker cannot say now. */
    OptionalLong backlog(String route);

    /**
     * Deletes the route's queue if no message waits in it and nobody consumes it; a later publish
     * declares it again. The check and the delete are two steps (quorum queues have no conditional
     * delete), so call it only for routes that nothing publishes to any more.
     *
     * @return true when the queue is gone (or never was), false when it was kept or the broker could not be asked
     */
    boolean removeIdleRoute(String route);
}
