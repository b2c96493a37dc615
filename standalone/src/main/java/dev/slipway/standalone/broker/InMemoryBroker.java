package dev.slipway.standalone.broker;

import dev.slipway.model.JobTopology;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Named FIFO queues of message bodies, shared by the gateway and the worker of one JVM. A message
 * taken by a session is held for it until it acknowledges, requeues or dead-letters it; when the
 * session closes, what it still holds goes back to the head of its queue and counts as a failed
 * delivery, and past {@link JobTopology#DELIVERY_LIMIT} failed deliveries a message goes to the
 * dead-letter queue, as a quorum queue with {@code x-delivery-limit} does. Nothing survives the JVM.
 */
public final class InMemoryBroker {

    static final Duration RECHECK = Duration.ofMillis(250);

    private record Message(byte[] body, int failedDeliveries) {}

    private record Held(String queue, Message message) {}

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final Map<String, ArrayDeque<Message>> queues = new HashMap<>();
    private final ArrayDeque<Message> deadLetterQueue = new ArrayDeque<>();
    private final java.util.Set<Session> sessions = new java.util.HashSet<>();
    private final int deliveryLimit;
    private long nextTag;

    public InMemoryBroker() {
        this(JobTopology.DELIVERY_LIMIT);
    }

    InMemoryBroker(int deliveryLimit) {
        this.deliveryLimit = deliveryLimit;
        // A queue like any other, as on RabbitMQ, so workers take dead letters from it the same way.
        queues.put(JobTopology.DEAD_LETTER_QUEUE, deadLetterQueue);
    }

    /** Creates the queue unless it exists. */
    public void declare(String queue) {
        lock.lock();
        try {
            queues.computeIfAbsent(queue, name -> new ArrayDeque<>());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends a message to a declared queue.
     *
     * @throws IllegalStateException when no such queue was declared (RabbitMQ returns it unroutable)
     */
    public void publish(String queue, byte[] body) {
        lock.lock();
        try {
            ArrayDeque<Message> messages = queues.get(queue);
            if (messages == null) {
                throw new IllegalStateException("no queue " + queue + ": the message is unroutable");
            }
            messages.addLast(new Message(body.clone(), 0));
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes the queue if nothing waits in it and no session holds one of its messages.
     *
     * @return true when the queue is gone (or never was)
     */
    public boolean removeIfIdle(String queue) {
        lock.lock();
        try {
            ArrayDeque<Message> messages = queues.get(queue);
            if (messages == null) {
                return true;
            }
            if (!messages.isEmpty() || queue.equals(JobTopology.DEAD_LETTER_QUEUE) || heldFrom(queue)) {
                return false;
            }
            queues.remove(queue);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Messages waiting in a queue, not counting those held by sessions; 0 for an unknown queue. */
    public long depth(String queue) {
        lock.lock();
        try {
            ArrayDeque<Message> messages = queues.get(queue);
            return messages == null ? 0 : messages.size();
        } finally {
            lock.unlock();
        }
    }

    /** What waits in the dead-letter queue, oldest first. */
    public List<byte[]> deadLetters() {
        lock.lock();
        try {
            return deadLetterQueue.stream()
                    .map(message -> message.body().clone())
                    .toList();
        } finally {
            lock.unlock();
        }
    }

    /** Appends to the dead-letter queue; the lock is held. */
    private void appendDeadLetter(byte[] body) {
        deadLetterQueue.addLast(new Message(body, 0));
        arrived.signalAll();
    }

    public Session open() {
        lock.lock();
        try {
            Session session = new Session();
            sessions.add(session);
            return session;
        } finally {
            lock.unlock();
        }
    }

    /** Whether an open session holds a message of the queue; the lock is held. */
    private boolean heldFrom(String queue) {
        return sessions.stream()
                .anyMatch(session -> session.held.values().stream()
                        .anyMatch(taken -> taken.queue().equals(queue)));
    }

    /** One taker's view: what it holds, and where its turn over the queues is. Used by one thread at a time. */
    public final class Session implements AutoCloseable {

        private final Map<Long, Held> held = new HashMap<>();
        private int nextQueue;
        private boolean closed;

        /** Tag and body of the message taken, or null when {@code keepWaiting} stopped holding first. */
        public record Taken(long tag, byte[] body) {}

        public @Nullable Taken next(List<String> names, BooleanSupplier keepWaiting) throws InterruptedException {
            lock.lock();
            try {
                while (true) {
                    if (closed) {
                        throw new IllegalStateException("session closed");
                    }
                    for (int i = 0; i < names.size(); i++) {
                        String queue = names.get(nextQueue % names.size());
                        nextQueue = (nextQueue + 1) % names.size();
                        ArrayDeque<Message> messages = queues.get(queue);
                        Message message = messages == null ? null : messages.pollFirst();
                        if (message != null) {
                            long tag = ++nextTag;
                            held.put(tag, new Held(queue, message));
                            return new Taken(tag, message.body().clone());
                        }
                    }
                    if (!keepWaiting.getAsBoolean()) {
                        return null;
                    }
                    arrived.await(RECHECK.toMillis(), TimeUnit.MILLISECONDS);
                }
            } finally {
                lock.unlock();
            }
        }

        public void ack(long tag) {
            lock.lock();
            try {
                release(tag);
            } finally {
                lock.unlock();
            }
        }

        /** Back to the head of its queue, not counted as a failed delivery (basic.nack with requeue on RabbitMQ 4.3+). */
        public void requeue(long tag) {
            lock.lock();
            try {
                Held taken = release(tag);
                queueOf(taken).addFirst(taken.message());
                arrived.signalAll();
            } finally {
                lock.unlock();
            }
        }

        public void deadLetter(long tag) {
            lock.lock();
            try {
                appendDeadLetter(release(tag).message().body());
            } finally {
                lock.unlock();
            }
        }

        /** What the session still holds goes back, each counted as a failed delivery. */
        @Override
        public void close() {
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                closed = true;
                sessions.remove(this);
                for (Iterator<Held> it = held.values().iterator(); it.hasNext(); ) {
                    Held taken = it.next();
                    it.remove();
                    Message returned =
                            new Message(taken.message().body(), taken.message().failedDeliveries() + 1);
                    if (returned.failedDeliveries() > deliveryLimit) {
                        appendDeadLetter(returned.body());
                    } else {
                        queueOf(taken).addFirst(returned);
                    }
                }
                arrived.signalAll();
            } finally {
                lock.unlock();
            }
        }

        private Held release(long tag) {
            if (closed) {
                throw new IllegalStateException("session closed");
            }
            Held taken = held.remove(tag);
            if (taken == null) {
                throw new IllegalArgumentException("unknown or already settled delivery tag " + tag);
            }
            return taken;
        }
    }

    /** The queue a held message came from: queues are never removed, so it still exists. */
    private ArrayDeque<Message> queueOf(Held held) {
        ArrayDeque<Message> queue = queues.get(held.queue());
        if (queue == null) {
            throw new IllegalStateException("queue " + held.queue() + " vanished");
        }
        return queue;
    }
}
