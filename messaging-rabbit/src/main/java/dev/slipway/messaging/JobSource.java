package dev.slipway.messaging;

import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Where the slots take job messages from: RabbitMQ in a deployment, an in-process broker in the
 * standalone mode. Both pass one contract suite (module {@code standalone}), so they behave alike:
 * a message taken and not yet acknowledged is held for its taker alone, and goes back to its queue
 * when the taker's session ends; one rejected as unreadable goes to the dead-letter queue.
 */
public interface JobSource {

    /** One message taken from a queue, to be acknowledged, requeued or dead-lettered by its session. */
    record Delivery(long tag, byte[] body) {}

    /** Makes sure a route's queue exists (a constraint route appears with its first job). */
    void declareRoute(String route);

    /** Opens a session for one slot; a session is used by one thread at a time. */
    Session open() throws IOException;

    interface Session extends AutoCloseable {

        /**
         * The next message from one of the queues, taken in turn so that none starves; when all are
         * empty, waits for one while {@code keepWaiting} holds (checked at least every 250 ms).
         * Null when it stopped waiting. A message that arrives as the wait ends goes back unharmed.
         *
         * @throws IOException when the session broke; open another
         */
        @Nullable
        Delivery next(List<String> queues, BooleanSupplier keepWaiting) throws IOException, InterruptedException;

        /** The message is done with: it leaves the queue for good. */
        void ack(Delivery delivery) throws IOException;

        /** The message goes back to its queue for someone else; this does not count as a failed delivery. */
        void requeue(Delivery delivery) throws IOException;

        /** The message cannot be read: it goes to the dead-letter queue. */
        void deadLetter(Delivery delivery) throws IOException;

        /** Ends the session; messages it took and did not settle go back to their queues. */
        @Override
        void close();
    }
}
