package dev.slipway.gateway.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Serves one client one stream: history from Redis first, then live entries from the shared
 * reader, with keep-alive comments while nothing happens, until the stream's end. The servlet
 * container notices a client that went away only when a write fails, so the keep-alives also free
 * the subscription of a vanished client within one interval.
 *
 * <p>A client that reads slower than the stream grows (its queue fills) is disconnected rather than
 * buffered without bound or allowed to stall the shared reader; it reconnects with
 * {@code Last-Event-ID} and catches up from Redis.
 */
final class SseSession {

    /** Renders stream entries as SSE events and knows when the stream is over. */
    interface Renderer {

        /** Writes the events of one entry; returns true when nothing can follow it. */
        boolean render(StreamEntry entry, SseWriter out);

        /**
         * Called when the stream has been idle; may write a final event and return true to end the
         * stream (for a job that ended without an end marker).
         */
        default boolean onIdle(SseWriter out) {
            return false;
        }
    }

    private static final int HISTORY_PAGE = 500;
    private static final int LIVE_QUEUE_CAPACITY = 2048;

    private final EventStreams streams;
    private final Duration keepAlive;

    SseSession(EventStreams streams, Duration keepAlive) {
        this.streams = streams;
        this.keepAlive = keepAlive;
    }

    void serve(OutputStream body, String key, String afterId, Renderer renderer) throws IOException {
        SseWriter out = new SseWriter(body);
        out.retry(1000).flush();
        String last = afterId;
        while (true) {
            List<StreamEntry> page = streams.readAfter(key, last, HISTORY_PAGE);
            for (StreamEntry entry : page) {
                last = entry.id();
                if (renderer.render(entry, out)) {
                    out.flush();
                    return;
                }
            }
            out.flush();
            if (page.size() < HISTORY_PAGE) {
                break;
            }
        }
        // Linked, not array-backed: an idle client should not pay for a queue it never fills.
        BlockingQueue<StreamEntry> live = new LinkedBlockingQueue<>(LIVE_QUEUE_CAPACITY);
        AtomicBoolean overflowed = new AtomicBoolean();
        try (EventStreams.Subscription ignored = streams.subscribe(key, last, entry -> {
            if (!live.offer(entry)) {
                overflowed.set(true);
            }
        })) {
            if (renderer.onIdle(out)) { // the job may have ended before we subscribed
                out.flush();
                return;
            }
            List<StreamEntry> batch = new ArrayList<>();
            while (!overflowed.get()) {
                StreamEntry next = live.poll(keepAlive.toMillis(), TimeUnit.MILLISECONDS);
                if (next == null) {
                    out.comment("keep-alive");
                    boolean ended = renderer.onIdle(out);
                    out.flush();
                    if (ended) {
                        return;
                    }
                    continue;
                }
                batch.add(next);
                live.drainTo(batch);
                for (StreamEntry entry : batch) {
                    if (renderer.render(entry, out)) {
                        out.flush();
                        return;
                    }
                }
                batch.clear();
                out.flush();
            }
            // Overflowed: closing makes the client reconnect from its Last-Event-ID.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
