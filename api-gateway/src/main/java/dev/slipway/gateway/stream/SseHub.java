package dev.slipway.gateway.stream;

import dev.slipway.gateway.config.GatewayProperties;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Serves every event stream of this gateway: history from Redis first, on the request's thread;
 * then the request goes asynchronous and holds no thread while idle. Live entries from the shared reader, and a
 * keep-alive tick, schedule a short write on a virtual thread. One ticker serves every stream: it
 * visits a sixteenth of them each sixteenth of the keep-alive interval, so keep-alives are spread
 * out and no stream holds a timer of its own. The servlet container notices a
 * client that went away only when a write fails, so the keep-alives also free the subscription of
 * a vanished client within one interval. The hub also ends the stream of a job that ended: when a
 * stream is idle it asks whether its job has ended, renders what the stream still holds and, if
 * none of it ended the stream, the job's end.
 *
 * <p>A client that reads slower than the stream grows (its queue fills) is disconnected rather than
 * buffered without bound or allowed to stall the shared reader; it reconnects with
 * {@code Last-Event-ID} and catches up from Redis.
 *
 * <p>On shutdown every live stream is ended before the web server's graceful shutdown begins: it
 * would otherwise wait its whole timeout for streams that never end by themselves. Clients
 * reconnect (to another gateway) from their last event id.
 */
@Component
class SseHub implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SseHub.class);
    private static final int LIVE_BACKLOG_CAPACITY = 2048;
    /** The ticker's visits per keep-alive interval; each visits the streams of one slot. */
    private static final int KEEP_ALIVE_SLOTS = 16;

    private final EventStreams streams;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("sse-keep-alive").factory());
    private final ExecutorService writers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("sse-writer").factory());

    private final Set<Live> lives = ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextSlot = new AtomicInteger();
    private int tickSlot; // the ticker's thread only
    private volatile boolean running;

    @Autowired
    SseHub(EventStreams streams, GatewayProperties properties) {
        this(streams, properties.sseKeepAlive());
    }

    SseHub(EventStreams streams, Duration keepAlive) {
        this.streams = streams;
        long tick = Math.max(1, keepAlive.toMillis() / KEEP_ALIVE_SLOTS);
        var _ = ticker.scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.MILLISECONDS); // as long as the hub
    }

    /** Makes a keep-alive due on the streams of the next slot: each stream's comes once per interval. */
    private void tick() {
        int slot = tickSlot;
        tickSlot = (slot + 1) % KEEP_ALIVE_SLOTS;
        for (Live live : lives) {
            if (live.slot == slot) {
                try {
                    live.keepAliveDue();
                } catch (RuntimeException e) { // a task that throws is never run again: keep ticking
                    log.warn("Keep-alive of {} failed: {}", live.stream.key(), e.toString());
                }
            }
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /** Ends every live stream; runs before the web server's graceful shutdown (a later phase). */
    @Override
    public void stop() {
        running = false;
        for (Live live : lives) {
            live.end();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Live streams now, for tests and shutdown. */
    int liveStreams() {
        return lives.size();
    }

    void serve(HttpServletRequest request, HttpServletResponse response, SseStream stream) throws IOException {
        SseWriter out = new SseWriter(SseResponses.start(response));
        Rendered history;
        try {
            out.retry(1000).flush();
            history = renderAfter(stream, stream.afterId(), out);
            out.flush();
        } catch (IOException clientGone) {
            // The response has begun (200, event stream): there is nobody to tell, and nothing to log.
            log.debug("Client left during the history of {}: {}", stream.key(), clientGone.toString());
            return;
        }
        if (history.ended()) {
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(0); // streams last as long as a build; gone clients are found by the keep-alives
        Live live = new Live(async, out, stream, history.lastId());
        async.addListener(live);
        live.start();
    }

    /** How far rendering got: the last entry rendered, and whether it ended the stream. */
    private record Rendered(String lastId, boolean ended) {}

    /** Renders the stream's entries after {@code afterId} from Redis, page by page. */
    private Rendered renderAfter(SseStream stream, String afterId, SseWriter out) throws IOException {
        String last = afterId;
        while (true) {
            List<StreamEntry> page = streams.readAfter(stream.key(), last, stream.entriesPerRead());
            for (StreamEntry entry : page) {
                last = entry.id();
                if (stream.renderer().render(entry, out)) {
                    return new Rendered(last, true);
                }
            }
            out.flush();
            if (page.size() < stream.entriesPerRead()) {
                return new Rendered(last, false);
            }
        }
    }

    /**
     * Once the stream's job has ended: renders what the stream still holds after {@code lastId}
     * and, if none of it ended the stream, the job's end. False while the job runs.
     */
    private boolean endIfJobEnded(SseStream stream, String lastId, SseWriter out) throws IOException {
        if (stream.jobEnd() == null) {
            return false;
        }
        Optional<JobEnd> end = stream.jobEnd().get();
        if (end.isEmpty()) {
            return false;
        }
        // The end marker is written with the terminal state: read what is left first.
        Rendered rest = renderAfter(stream, lastId, out);
        if (!rest.ended()) {
            stream.renderer().renderEnd(end.get(), rest.lastId(), out);
        }
        return true;
    }

    /** One client's live phase. */
    private final class Live implements AsyncListener {

        private final AsyncContext async;
        private final SseWriter out;
        private final SseStream stream;
        private final Queue<StreamEntry> queue = new ConcurrentLinkedQueue<>();
        private final AtomicInteger queued = new AtomicInteger();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private final AtomicBoolean idleDue = new AtomicBoolean(true); // check once at once: the job may have ended
        private final int slot = Math.floorMod(nextSlot.getAndIncrement(), KEEP_ALIVE_SLOTS);
        private volatile boolean overflowed;
        private volatile boolean closed;
        private String lastId;
        private EventStreams.@Nullable Subscription subscription;

        Live(AsyncContext async, SseWriter out, SseStream stream, String lastId) {
            this.async = async;
            this.out = out;
            this.stream = stream;
            this.lastId = lastId;
        }

        void start() {
            lives.add(this);
            subscription = streams.subscribe(stream.key(), lastId, this::offer);
            schedule();
        }

        /** Called by the ticker: must not block. */
        void keepAliveDue() {
            idleDue.set(true);
            schedule();
        }

        /** Called by the shared reader: must not block. */
        private void offer(StreamEntry entry) {
            // Once one entry is dropped no later one may be written, or the client would see a gap.
            if (overflowed || queued.incrementAndGet() > LIVE_BACKLOG_CAPACITY) {
                overflowed = true;
            } else {
                queue.add(entry);
            }
            schedule();
        }

        private void schedule() {
            if (!closed && scheduled.compareAndSet(false, true)) {
                writers.execute(this::drain);
            }
        }

        private void drain() {
            do {
                scheduled.set(false); // offers from here on schedule another round
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    try {
                        if (writeWhatIsDue()) {
                            close();
                            return;
                        }
                    } catch (IOException | RuntimeException gone) {
                        close();
                        return;
                    }
                }
            } while (!queue.isEmpty() && scheduled.compareAndSet(false, true));
        }

        /** Writes queued entries and a due keep-alive; true when the stream is over. */
        private boolean writeWhatIsDue() throws IOException {
            boolean wrote = false;
            StreamEntry entry;
            while ((entry = queue.poll()) != null) {
                queued.decrementAndGet();
                wrote = true;
                lastId = entry.id();
                if (stream.renderer().render(entry, out)) {
                    out.flush();
                    return true;
                }
            }
            if (overflowed) {
                return true; // closing makes the client reconnect from its Last-Event-ID
            }
            if (idleDue.getAndSet(false)) {
                out.comment("keep-alive");
                wrote = true;
                if (endIfJobEnded(stream, lastId, out)) {
                    out.flush();
                    return true;
                }
            }
            if (wrote) {
                out.flush();
            }
            return false;
        }

        /** Ends the stream from outside its writer (shutdown). */
        synchronized void end() {
            close();
        }

        private void close() {
            if (closed) {
                return;
            }
            release();
            try {
                async.complete();
            } catch (IllegalStateException alreadyDone) {
                // the container completed the request itself (client gone)
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            release();
        }

        /** Marks the stream closed, stops its keep-alives and lets go of its subscription; idempotent. */
        private void release() {
            closed = true;
            lives.remove(this);
            if (subscription != null) {
                subscription.close();
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            close();
        }

        @Override
        public void onError(AsyncEvent event) {
            close();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // not restarted
        }
    }
}
