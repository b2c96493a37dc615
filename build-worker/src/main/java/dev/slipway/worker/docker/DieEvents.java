package dev.slipway.worker.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventActor;
import com.github.dockerjava.api.model.EventType;
import dev.slipway.worker.execution.ContainerSpecs;
import java.io.Closeable;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * One long-lived subscription to the engine's {@code die} events of job containers, which tells
 * {@link ContainerExits} of each exit with its exit code as soon as the engine knows it. When the
 * stream breaks (the engine restarts, the connection drops) it is opened again with a growing pause,
 * asking for the events since the last one it saw, so that an exit in the gap is still told; meanwhile
 * each awaited exit is learned from its {@code wait} call alone, only later.
 */
@Component
class DieEvents implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DieEvents.class);

    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LAST_RETRY = Duration.ofSeconds(5);

    private final DockerClient streams;
    private final ContainerExits exits;
    private volatile boolean running;
    private volatile @Nullable Closeable subscription;
    private volatile boolean connected;
    /** The engine's time of the last event seen, as {@code since} wants it; null before the first. */
    private volatile @Nullable String lastEventTime;

    /** A failure was logged and the stream has not been up since: the next failure is not news. */
    private volatile boolean outage;

    private @Nullable Thread keeper;

    DieEvents(@Qualifier("streams") DockerClient streams, ContainerExits exits) {
        this.streams = streams;
        this.exits = exits;
    }

    /** Whether the stream is open now: exits are then told by their event. */
    boolean connected() {
        return connected;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        keeper = Thread.ofVirtual().name("docker-die-events").start(this::keepSubscribed);
    }

    @Override
    public synchronized void stop() {
        running = false;
        Closeable open = subscription;
        if (open != null) {
            EngineCalls.closeQuietly(open);
        }
        Thread thread = keeper;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the job intake (default phase) and after it on the way down: handed-back jobs still exit. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 10;
    }

    private void keepSubscribed() {
        Duration pause = FIRST_RETRY;
        while (running) {
            Subscription events = new Subscription();
            subscription = events;
            try {
                var command = streams.eventsCmd()
                        .withEventTypeFilter(EventType.CONTAINER)
                        .withEventFilter("die")
                        .withLabelFilter(ContainerSpecs.JOB_LABEL);
                String since = lastEventTime;
                if (since != null) {
                    command.withSince(since); // what died while the stream was down is told too
                }
                command.exec(events).awaitCompletion();
                Throwable failure = events.failure;
                if (failure != null) {
                    throw new IllegalStateException(failure.getMessage(), failure);
                }
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                if (!outage) {
                    log.warn(
                            "The engine's die events stream failed; exits are learned from wait alone until it is back: {}",
                            EngineCalls.firstLine(e.getMessage()));
                    outage = true;
                }
            } finally {
                connected = false;
                EngineCalls.closeQuietly(events);
            }
            if (events.started) {
                pause = FIRST_RETRY; // it was up: the break is news, and the first retry is quick
            }
            if (!running) {
                return;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            }
            pause = pause.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : pause.multipliedBy(2);
        }
    }

    /** Hands each die event to the exits awaited. */
    private final class Subscription extends ResultCallback.Adapter<Event> {

        private volatile boolean started;
        private volatile @Nullable Throwable failure;

        @Override
        public void onStart(Closeable stream) {
            super.onStart(stream);
            started = true;
            connected = true;
            if (outage) {
                log.info("The engine's die events stream is back");
                outage = false;
            }
        }

        /** The keeper says so, once per outage: docker-java's own handler would log every retry as an error. */
        @Override
        public void onError(Throwable error) {
            failure = error;
            EngineCalls.closeQuietly(this);
        }

        @Override
        public void onNext(Event event) {
            Long nanos = event.getTimeNano();
            if (nanos != null) {
                lastEventTime = nanos / 1_000_000_000L + "." + String.format("%09d", nanos % 1_000_000_000L);
            }
            EventActor actor = event.getActor();
            Map<String, String> attributes = actor == null ? null : actor.getAttributes();
            String id = actor == null || actor.getId() == null ? event.getId() : actor.getId();
            String exitCode = attributes == null ? null : attributes.get("exitCode");
            if (id == null || exitCode == null) {
                return;
            }
            try {
                exits.died(id, Integer.parseInt(exitCode));
            } catch (NumberFormatException e) {
                log.debug("A die event of container {} had exit code '{}'; left to wait", id, exitCode);
            }
        }
    }
}
