package dev.slipway.worker.terminal;

import dev.slipway.model.EnvironmentRecord;
import dev.slipway.model.EnvironmentState;
import dev.slipway.model.TerminalEnd;
import dev.slipway.model.TerminalSession;
import dev.slipway.model.TerminalState;
import dev.slipway.model.TerminalStatus;
import dev.slipway.model.TerminalWire;
import dev.slipway.model.WorkerId;
import dev.slipway.worker.config.WorkerProperties;
import dev.slipway.worker.environment.EnvironmentRecords;
import dev.slipway.worker.execution.ContainerRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shells of the sessions this worker holds: opens them on request, hands their input to
 * {@link SessionInput}, and ends them (the shell exited, someone closed the session, it was idle or reached its cap, its
 * environment stopped), each end killing everything the shell started and leaving a status frame
 * as the output's last entry. A session ends once: whoever removes it from {@link #held} ends it.
 */
@Component
public class TerminalHost {

    private static final Duration FINISH_WAIT = Duration.ofSeconds(5);
    private static final int MAX_CLOSED_EARLY = 10_000;
    private static final Logger log = LoggerFactory.getLogger(TerminalHost.class);

    private final TerminalStore store;
    private final EnvironmentRecords environments;
    private final ShellRuntime shells;
    private final SessionInput input;
    private final TerminalSettings settings;
    private final JsonMapper json;
    private final Clock clock;
    private final WorkerId me;
    private final Map<String, HeldSession> held = new ConcurrentHashMap<>();
    /** Sessions asked to end while their open was under way. */
    private final Set<String> closedEarly = ConcurrentHashMap.newKeySet();

    private final ExecutorService work = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("terminal-", 0).factory());

    TerminalHost(
            TerminalStore store,
            EnvironmentRecords environments,
            ShellRuntime shells,
            SessionInput input,
            TerminalSettings settings,
            JsonMapper json,
            Clock clock,
            WorkerProperties properties) {
        this.store = store;
        this.environments = environments;
        this.shells = shells;
        this.input = input;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
        this.me = properties.workerId();
    }

    WorkerId workerId() {
        return me;
    }

    /** The sessions held now, for the reader of their input. */
    List<HeldSession> held() {
        return List.copyOf(held.values());
    }

    /** Opens a session the gateway asked this worker for; any failure is the session's end, with why. */
    void open(String sessionId) {
        TerminalSession session = store.find(sessionId).orElse(null);
        if (session == null || session.state() != TerminalState.OPENING || !me.equals(session.workerId())) {
            return; // expired, opened already, or not ours: a late or repeated request
        }
        if (held.size() >= settings.max()) {
            refuse(session, "worker " + me + " holds its maximum of " + settings.max() + " terminal sessions");
            return;
        }
        EnvironmentRecord environment =
                environments.find(session.environmentId()).orElse(null);
        if (environment == null
                || !me.equals(environment.workerId())
                || environment.state() != EnvironmentState.RUNNING
                || environment.containerId() == null) {
            refuse(
                    session,
                    "environment " + session.environmentId() + " is "
                            + (environment == null
                                    ? "gone"
                                    : environment.state() + " on worker " + environment.workerId()));
            return;
        }
        String containerId = environment.containerId();
        OutputPump output = new OutputPump(
                sessionId,
                store,
                settings.replay().toBytes(),
                settings.outputSlack().toBytes());
        TerminalSession open = session.opened();
        ShellRuntime.Shell shell;
        try {
            store.hold(me, open); // before the shell: a crash from here on leaves a mark to clean up
            shell = shells.open(
                    containerId,
                    environment.template().shell(),
                    HeldSession.markerOf(sessionId),
                    session.cols(),
                    session.rows(),
                    new ShellRuntime.ShellListener() {
                        @Override
                        public void output(byte[] bytes) {
                            output.offer(bytes);
                        }

                        @Override
                        public void ended() {
                            try {
                                work.execute(() -> shellEnded(sessionId));
                            } catch (RejectedExecutionException stopping) {
                                // the worker stops, and ends every session itself
                            }
                        }
                    });
        } catch (RuntimeException e) {
            output.finish(status(null, TerminalEnd.FAILED), FINISH_WAIT);
            TerminalSession failed = session.ended(now(), TerminalEnd.FAILED, null);
            store.save(failed);
            store.release(me, failed, settings.endedKeep());
            store.answerOpen(sessionId, "the shell could not start: " + e.getMessage());
            return;
        }
        HeldSession mine = new HeldSession(open, containerId, shell, output, now());
        store.save(open); // before it is held: from then on an end may record ENDED, which must stay
        held.put(sessionId, mine);
        input.feed(mine, () -> held.get(sessionId) == mine, () -> shellEnded(sessionId));
        store.answerOpen(sessionId, "open");
        log.info("Terminal session {} opened in environment {} for {}", sessionId, open.environmentId(), open.owner());
        // what happened while it was being opened, which found nothing held to end
        if (closedEarly.remove(sessionId)) {
            work.execute(() -> end(sessionId, TerminalEnd.CLOSED, null, null));
        } else if (shell.hasEnded()) {
            work.execute(() -> shellEnded(sessionId));
        }
    }

    /** Ends a session on request; one not held yet (its open still under way) is ended once it is. */
    void close(String sessionId, String who) {
        if (!held.containsKey(sessionId)) {
            if (closedEarly.size() > MAX_CLOSED_EARLY) {
                closedEarly.clear(); // closes of sessions never opened here: forget them
            }
            closedEarly.add(sessionId);
            if (!held.containsKey(sessionId) || !closedEarly.remove(sessionId)) {
                return; // the open will see it, or has already
            }
        }
        work.execute(() -> end(sessionId, TerminalEnd.CLOSED, null, who.isBlank() ? null : who));
    }

    private void refuse(TerminalSession session, String reason) {
        store.save(session.ended(now(), TerminalEnd.FAILED, null));
        store.answerOpen(session.id(), reason);
        log.info("Terminal session {} not opened: {}", session.id(), reason);
    }

    /** Takes one input frame read from the session's stream. */
    void input(String sessionId, byte[] frame) {
        HeldSession session = held.get(sessionId);
        if (session != null) {
            input.take(session, frame);
        }
    }

    /** The shell's output ended: it exited, or its container stopped under it. */
    private void shellEnded(String sessionId) {
        HeldSession session = held.get(sessionId);
        if (session == null) {
            return;
        }
        Integer exitCode = session.shell.exitCode();
        Instant now = now();
        // a delete or an expiry stops the container while the record still says RUNNING
        boolean environmentRuns = environments
                .find(session.session.environmentId())
                .map(environment -> environment.state() == EnvironmentState.RUNNING
                        && !environment.removeRequested()
                        && environment.expiresAt().isAfter(now))
                .orElse(false);
        if (environmentRuns) {
            end(sessionId, TerminalEnd.EXITED, exitCode, null);
        } else {
            end(sessionId, TerminalEnd.ENVIRONMENT_STOPPED, null, null);
        }
    }

    /** Ends the sessions past their idle timeout or their cap. */
    void sweep() {
        Instant now = now();
        for (HeldSession session : held.values()) {
            if (!now.isBefore(session.session.endsAt())) {
                work.execute(() -> end(session.id(), TerminalEnd.MAX_DURATION, null, null));
            } else if (Duration.between(session.lastInput, now).toSeconds() >= session.session.idleTimeoutSeconds()) {
                work.execute(() -> end(session.id(), TerminalEnd.IDLE_TIMEOUT, null, null));
            }
        }
    }

    /**
     * Ends a session: closes the shell, kills what it left in the container, writes the status as
     * the output's last entry and records the end.
     *
     * @param closedBy who asked for it, for a {@link TerminalEnd#CLOSED}
     */
    void end(String sessionId, TerminalEnd reason, @Nullable Integer exitCode, @Nullable String closedBy) {
        HeldSession session = held.remove(sessionId);
        if (session == null) {
            return;
        }
        session.shell.close();
        boolean clean = killAll(session.containerId, session.marker());
        session.output.finish(status(exitCode, reason), FINISH_WAIT);
        TerminalSession ended = session.session.ended(now(), reason, exitCode);
        try {
            store.save(ended);
            store.release(me, ended, settings.endedKeep());
            store.audit(
                    closedBy == null ? ended.owner() : closedBy,
                    "terminal.end",
                    "/api/v1/terminals/" + sessionId,
                    reason.wire()
                            + (exitCode == null ? "" : " (exit " + exitCode + ")")
                            + (clean ? "" : "; some of its processes could not be killed"),
                    "worker " + me);
        } catch (RuntimeException e) {
            log.warn("Could not record the end of terminal session {}: {}", sessionId, e.toString());
        }
        log.info("Terminal session {} ended: {}{}", sessionId, reason.wire(), clean ? "" : " (processes left running)");
    }

    private boolean killAll(String containerId, String marker) {
        try {
            return shells.killAll(containerId, marker);
        } catch (ContainerRuntimeException e) {
            // a container that is gone or stopped has no processes left to kill
            log.debug("Killing a terminal's processes in container {}: {}", containerId, e.getMessage());
            return true;
        }
    }

    /**
     * Ends the sessions an earlier run of this worker left: Docker cannot reattach to an exec, so
     * their shells are killed, not kept.
     */
    void endLeftovers() {
        for (String sessionId : store.heldBy(me)) {
            if (held.containsKey(sessionId)) {
                continue;
            }
            TerminalSession session = store.find(sessionId).orElse(null);
            if (session == null) {
                continue;
            }
            environments
                    .find(session.environmentId())
                    .filter(environment -> environment.state() == EnvironmentState.RUNNING)
                    .map(EnvironmentRecord::containerId)
                    .ifPresent(container -> killAll(container, HeldSession.markerOf(sessionId)));
            TerminalSession ended = session.state() == TerminalState.ENDED
                    ? session
                    : session.ended(now(), TerminalEnd.WORKER_RESTARTED, null);
            store.appendOutput(sessionId, status(null, TerminalEnd.WORKER_RESTARTED));
            store.save(ended);
            store.release(me, ended, settings.endedKeep());
            log.info("Terminal session {} left by an earlier run of this worker: ended, its shell killed", sessionId);
        }
    }

    /** Ends every session: the worker stops, and nobody could reattach to their shells. */
    void endAll() {
        List<HeldSession> all = held();
        try (ExecutorService ends = Executors.newVirtualThreadPerTaskExecutor()) {
            for (HeldSession session : all) {
                ends.execute(() -> end(session.id(), TerminalEnd.WORKER_RESTARTED, null, null));
            }
        }
        work.shutdown();
        input.stop();
    }

    private byte[] status(@Nullable Integer exitCode, TerminalEnd reason) {
        return TerminalWire.frame(TerminalWire.STATUS, json.writeValueAsBytes(new TerminalStatus(exitCode, reason)));
    }

    private Instant now() {
        return clock.instant();
    }
}
