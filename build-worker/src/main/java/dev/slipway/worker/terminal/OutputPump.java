package dev.slipway.worker.terminal;

import dev.slipway.model.TerminalWire;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries one session's output from the engine's reads to its Redis stream. The engine's thread
 * only appends to a buffer; a thread of the pump's own writes what has gathered as one entry, so a
 * lone keystroke's echo leaves at once and a flood goes out in large entries instead of one per
 * read. A buffer past {@link #MAX_PENDING} holds the engine's thread back (the shell then blocks on
 * its terminal, as with a slow real one) rather than grow without bound.
 *
 * <p>The stream is cut by bytes, not entries: once it holds {@code slack} more than the replay, the
 * oldest entries go, down to {@code replay} and half the slack: at least {@code replay} bytes of
 * output stay for a client that reattaches, and a relay reading behind has room.
 */
final class OutputPump {

    /** The largest entry written: big enough for throughput, small enough for a WebSocket frame. */
    static final int MAX_ENTRY = 256 * 1024;

    private static final int MAX_PENDING = 8 * 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(OutputPump.class);

    private final String sessionId;
    private final TerminalStore store;
    private final long replay;
    private final long slack;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** The engine's reads not yet written, as they came: nothing is copied until an entry is made. */
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();

    private long pendingBytes;
    private final ArrayDeque<Written> kept = new ArrayDeque<>();
    private final Thread writer;
    private long keptBytes;
    private byte @Nullable [] last;
    private boolean finished;

    private record Written(String id, int bytes) {}

    OutputPump(String sessionId, TerminalStore store, long replay, long slack) {
        this.sessionId = sessionId;
        this.store = store;
        this.replay = replay;
        this.slack = slack;
        this.writer = Thread.ofVirtual().name("terminal-output-" + sessionId).start(this::drain);
    }

    /** Takes output from the engine; blocks only while too much waits to be written. */
    void offer(byte[] bytes) {
        lock.lock();
        try {
            while (pendingBytes > MAX_PENDING && !finished) {
                changed.awaitUninterruptibly();
            }
            if (!finished) {
                pending.addLast(bytes.clone()); // the engine's reader may reuse its buffer
                pendingBytes += bytes.length;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes what is still buffered, then {@code lastFrame} (the status), and stops.
     *
     * @return whether all was written before the wait ran out
     */
    boolean finish(byte[] lastFrame, java.time.Duration wait) {
        lock.lock();
        try {
            last = lastFrame;
            finished = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            return writer.join(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void drain() {
        while (true) {
            byte[] chunk;
            byte[] end = null;
            lock.lock();
            try {
                while (pendingBytes == 0 && !finished) {
                    changed.awaitUninterruptibly();
                }
                chunk = take();
                if (finished && pendingBytes == 0) {
                    end = last;
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            if (chunk.length > 0) {
                write(TerminalWire.frame(TerminalWire.OUTPUT, chunk), chunk.length);
            }
            if (end != null || (finished && chunk.length == 0)) {
                if (end != null) {
                    write(end, 0);
                }
                return;
            }
        }
    }

    /**
     * Under the lock: the next entry's bytes, at most {@link #MAX_ENTRY}, taken off the buffer; a
     * read that does not fit whole is split, its rest left first in line.
     */
    private byte[] take() {
        int size = (int) Math.min(pendingBytes, MAX_ENTRY);
        byte[] chunk = new byte[size];
        int filled = 0;
        while (filled < size) {
            byte[] next = pending.removeFirst();
            int part = Math.min(next.length, size - filled);
            System.arraycopy(next, 0, chunk, filled, part);
            filled += part;
            if (part < next.length) {
                pending.addFirst(Arrays.copyOfRange(next, part, next.length));
            }
        }
        pendingBytes -= size;
        return chunk;
    }

    private void write(byte[] frame, int outputBytes) {
        try {
            String id = store.appendOutput(sessionId, frame);
            kept.addLast(new Written(id, outputBytes));
            keptBytes += outputBytes;
            cutBack();
        } catch (RuntimeException e) {
            // the shell goes on; a client misses these bytes, as it would a broken line's
            log.warn("Could not write output of terminal session {}: {}", sessionId, e.toString());
        }
    }

    private void cutBack() {
        if (keptBytes <= replay + slack) {
            return;
        }
        // Down to half the slack, not to the replay: a relay a few entries behind a flood must not
        // find what it was about to read cut away.
        long keep = replay + slack / 2;
        boolean dropped = false;
        while (kept.size() > 1 && keptBytes - kept.getFirst().bytes() >= keep) {
            keptBytes -= kept.removeFirst().bytes();
            dropped = true;
        }
        if (dropped) {
            store.trimOutput(sessionId, kept.getFirst().id());
        }
    }
}
