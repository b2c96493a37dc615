package dev.slipway.worker.terminal;

import dev.slipway.model.WorkerId;
import io.github.resilience4j.core.IntervalFunction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The one reader of everything that reaches this worker's shells: a single blocking read over the
 * worker's requests stream and every held session's input stream, so that a keystroke is handed to
 * its shell as soon as Redis has it. Between reads it sweeps for idle and capped sessions. On start
 * it first ends what an earlier run left; on stop it ends every session it holds.
 */
@Component
class TerminalLoop implements SmartLifecycle {

    private static final Duration BLOCK = Duration.ofSeconds(1);
    private static final IntervalFunction RETRY =
            IntervalFunction.ofExponentialBackoff(Duration.ofMillis(100), 2, Duration.ofSeconds(2));
    private static final Logger log = LoggerFactory.getLogger(TerminalLoop.class);

    private final TerminalHost host;
    private final TerminalInbox inbox;
    private final TerminalSettings settings;
    private final WorkerId me;
    private final ExecutorService opens = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean running;
    private @Nullable Thread reader;

    TerminalLoop(TerminalHost host, TerminalInbox inbox, TerminalSettings settings) {
        this.host = host;
        this.inbox = inbox;
        this.settings = settings;
        this.me = host.workerId();
    }

    private void readLoop() {
        String requests = null;
        long nextSweep = 0;
        int failures = 0;
        while (running) {
            try {
                if (requests == null) {
                    host.endLeftovers();
                    requests = inbox.latestRequest(me);
                }
                Map<String, HeldSession> byId = new HashMap<>();
                Map<String, String> positions = new HashMap<>();
                for (HeldSession session : host.held()) {
                    byId.put(session.id(), session);
                    if (session.queuedBytes.get() < SessionInput.MAX_QUEUED) {
                        positions.put(session.id(), session.inputPosition);
                    }
                }
                List<TerminalInbox.Inbound> entries = inbox.read(me, requests, positions, BLOCK);
                for (TerminalInbox.Inbound entry : entries) {
                    if (entry.request()) {
                        requests = entry.entryId();
                        String sessionId = entry.sessionId();
                        switch (entry.kind()) {
                            case OPEN -> opens.execute(() -> openAndWake(sessionId));
                            case CLOSE -> host.close(sessionId, new String(entry.frame(), StandardCharsets.UTF_8));
                            default -> {
                                // a wake: the next read includes what was opened meanwhile
                            }
                        }
                    } else {
                        HeldSession session = byId.get(entry.sessionId());
                        if (session != null) {
                            session.inputPosition = entry.entryId();
                            host.input(entry.sessionId(), entry.frame());
                        }
                    }
                }
                if (System.nanoTime() - nextSweep >= 0) {
                    host.sweep();
                    nextSweep = System.nanoTime() + settings.sweepInterval().toNanos();
                }
                if (failures > 0) {
                    log.info("Reading terminal input from Redis again");
                    failures = 0;
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return; // stop() interrupted the read
                }
                if (failures == 0) {
                    log.warn("Reading terminal input from Redis failed; retrying: {}", e.toString());
                }
                sleep(RETRY.apply(++failures));
            }
        }
    }

    /** Opens a session, then ends the read under way, which does not yet include its input. */
    private void openAndWake(String sessionId) {
        try {
            host.open(sessionId);
        } catch (RuntimeException e) {
            log.warn("Opening terminal session {} failed: {}", sessionId, e.toString());
        } finally {
            try {
                inbox.wake(me);
            } catch (RuntimeException e) {
                log.debug("Could not wake the terminal reader: {}", e.toString());
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        running = true;
        reader = Thread.ofPlatform().daemon().name("terminal-reader").start(this::readLoop);
    }

    @Override
    public void stop() {
        running = false;
        if (reader != null) {
            reader.interrupt();
        }
        opens.shutdown();
        host.endAll();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
