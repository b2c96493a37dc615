package dev.slipway.worker.terminal;

import dev.slipway.model.EnvironmentState;
import dev.slipway.model.TerminalResize;
import dev.slipway.model.TerminalWire;
import dev.slipway.worker.environment.EnvironmentRecords;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What clients send to the shells this worker holds: keystrokes, queued and written by a thread of
 * each session's own (a shell that does not read blocks its writer, and the one reader of every
 * session's input must never wait on one of them); resizes, applied latest first; and the
 * environment's activity, which terminal input counts as.
 */
@Component
class SessionInput {

    /** A queued input past this stays in Redis until the shell has read what came before. */
    static final long MAX_QUEUED = 1024 * 1024;

    /** Terminal input makes the environment active; recording it more often than this is waste. */
    private static final Duration ACTIVITY_EVERY = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(SessionInput.class);

    private final EnvironmentRecords environments;
    private final JsonMapper json;
    private final Clock clock;
    private final ExecutorService work = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("terminal-input-", 0).factory());

    SessionInput(EnvironmentRecords environments, JsonMapper json, Clock clock) {
        this.environments = environments;
        this.json = json;
        this.clock = clock;
    }

    /** Takes one frame read from the session's input stream. */
    void take(HeldSession session, byte[] frame) {
        if (frame.length == 0) {
            return;
        }
        switch (frame[0]) {
            case TerminalWire.STDIN -> {
                session.lastInput = clock.instant();
                if (frame.length > 1) {
                    session.queuedBytes.addAndGet(frame.length - 1L);
                    session.input.add(frame);
                }
                recordActivity(session);
            }
            case TerminalWire.RESIZE -> resize(session, frame);
            default -> log.debug("Terminal session {}: frame of channel {} ignored", session.id(), frame[0]);
        }
    }

    /**
     * Writes the session's queued input to its shell, in order, while {@code held} says it is held.
     *
     * @param inputEnded run when the shell's input is gone, which means the shell is, or soon will be
     */
    void feed(HeldSession session, BooleanSupplier held, Runnable inputEnded) {
        work.execute(() -> {
            try {
                while (held.getAsBoolean()) {
                    byte[] frame = session.input.poll(1, TimeUnit.SECONDS);
                    if (frame != null) {
                        session.shell.write(frame, 1, frame.length - 1);
                        session.queuedBytes.addAndGet(-(frame.length - 1L));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.debug("Terminal session {}: input ended: {}", session.id(), e.toString());
                inputEnded.run();
            }
        });
    }

    void stop() {
        work.shutdownNow();
    }

    private void resize(HeldSession session, byte[] frame) {
        try {
            TerminalResize size = json.readValue(Arrays.copyOfRange(frame, 1, frame.length), TerminalResize.class);
            if (size.valid() && session.wantedSize.getAndSet(size) == null) {
                // one resizer per session, which applies the latest size: never an older one last
                work.execute(() -> {
                    TerminalResize next;
                    while ((next = session.wantedSize.get()) != null) {
                        session.shell.resize(next.cols(), next.rows());
                        session.wantedSize.compareAndSet(next, null);
                    }
                });
            }
        } catch (JacksonException e) {
            log.debug("Terminal session {}: a resize that is not JSON was ignored", session.id());
        }
    }

    private void recordActivity(HeldSession session) {
        Instant now = session.lastInput;
        if (Duration.between(session.activityRecorded, now).compareTo(ACTIVITY_EVERY) < 0) {
            return;
        }
        session.activityRecorded = now;
        work.execute(() -> {
            try {
                environments.update(
                        session.session.environmentId(),
                        current -> current.state() == EnvironmentState.RUNNING
                                ? Optional.of(current.activeAt(now))
                                : Optional.empty());
            } catch (RuntimeException e) {
                log.debug(
                        "Could not record terminal activity of environment {}: {}",
                        session.session.environmentId(),
                        e.toString());
            }
        });
    }
}
