package dev.slipway.gateway.terminal;

import dev.slipway.model.TerminalWire;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One attached socket's way out. Everything that touches the socket (frames, pings, the close)
 * is done by a thread of the connection's own, because a {@code WebSocketSession} is not safe for
 * concurrent use and because what asks comes from threads that must never wait on a slow client:
 * the gateway's one stream reader, the pinger, Tomcat's request threads. Consecutive output frames
 * are sent as one. A client that falls {@code limit} bytes behind is disconnected (the session
 * goes on, and reattaching brings its screen back). A status frame is the last: the socket is
 * closed normally after it.
 */
final class TerminalConnection {

    /** Output frames merged into one message stay below this. */
    private static final int MAX_MESSAGE = 256 * 1024;
    /** Queued for a ping, and for the close: no frame from Redis is empty, each has its channel byte. */
    private static final byte[] PING = new byte[0];

    private static final Logger log = LoggerFactory.getLogger(TerminalConnection.class);

    private final WebSocketSession socket;
    private final long limit;
    private final LinkedBlockingDeque<byte[]> queue = new LinkedBlockingDeque<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Thread sender;
    private volatile @Nullable CloseStatus closing;
    private volatile boolean stopped;
    private volatile long lastPongNanos = System.nanoTime();

    TerminalConnection(WebSocketSession socket, long limit) {
        this.socket = socket;
        this.limit = limit;
        this.sender =
                Thread.ofVirtual().name("terminal-socket-" + socket.getId()).start(this::send);
    }

    /** Queues a frame as it came from Redis: channel byte, then payload. Never blocks. */
    void offer(byte[] frame) {
        if (closing != null || stopped || frame.length == 0) {
            return;
        }
        if (queuedBytes.addAndGet(frame.length) > limit) {
            requestClose(CloseStatus.SESSION_NOT_RELIABLE.withReason("client too slow; reattach to resume"));
            return;
        }
        queue.add(frame);
    }

    void ping() {
        if (closing == null && !stopped) {
            queue.add(PING);
        }
    }

    void pong() {
        lastPongNanos = System.nanoTime();
    }

    /** Nanoseconds since the client last answered a ping (or since the connection opened). */
    long silentNanos() {
        return System.nanoTime() - lastPongNanos;
    }

    /** Asks the sender to close the socket after what it is sending now; never blocks. */
    void requestClose(CloseStatus status) {
        if (closing == null) {
            closing = status;
            queue.clear();
            queuedBytes.set(0);
            queue.addFirst(PING); // wakes the sender, which then sees the close
        }
    }

    /** The socket closed: the sender ends. */
    void stop() {
        stopped = true;
        sender.interrupt();
    }

    private void send() {
        try {
            while (!stopped) {
                CloseStatus close = closing;
                if (close != null) {
                    closeSocket(close);
                    return;
                }
                byte[] frame = queue.poll(1, TimeUnit.SECONDS);
                if (frame == null || closing != null) {
                    continue;
                }
                if (frame.length == 0) {
                    socket.sendMessage(new PingMessage());
                    continue;
                }
                queuedBytes.addAndGet(-frame.length);
                if (frame[0] == TerminalWire.OUTPUT) {
                    frame = mergeFollowingOutput(frame);
                }
                socket.sendMessage(new BinaryMessage(ByteBuffer.wrap(frame), true));
                if (frame[0] == TerminalWire.STATUS) {
                    closeSocket(CloseStatus.NORMAL.withReason("session ended"));
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | IllegalStateException e) {
            log.debug("Terminal socket {} failed: {}", socket.getId(), e.toString());
            closeSocket(CloseStatus.SERVER_ERROR);
        }
    }

    /** Appends the output frames queued right behind {@code first}, up to {@link #MAX_MESSAGE}. */
    private byte[] mergeFollowingOutput(byte[] first) {
        byte[] next = queue.peek();
        if (next == null || next.length < 2 || next[0] != TerminalWire.OUTPUT) {
            return first;
        }
        ByteArrayOutputStream merged = new ByteArrayOutputStream(Math.min(MAX_MESSAGE, first.length * 2));
        merged.write(first, 0, first.length);
        while ((next = queue.peek()) != null
                && next.length > 1
                && next[0] == TerminalWire.OUTPUT
                && merged.size() + next.length - 1 <= MAX_MESSAGE) {
            queue.poll();
            queuedBytes.addAndGet(-next.length);
            merged.write(next, 1, next.length - 1);
        }
        return merged.toByteArray();
    }

    private void closeSocket(CloseStatus status) {
        stopped = true;
        try {
            if (socket.isOpen()) {
                socket.close(status);
            }
        } catch (IOException e) {
            log.debug("Closing terminal socket {}: {}", socket.getId(), e.toString());
        }
    }
}
