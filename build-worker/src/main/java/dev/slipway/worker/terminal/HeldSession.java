package dev.slipway.worker.terminal;

import dev.slipway.model.TerminalResize;
import dev.slipway.model.TerminalSession;
import java.time.Instant;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A session whose shell this worker holds. Input is queued and written by a thread of the
 * session's own, because a shell that does not read blocks its writer, and the one reader of every
 * session's input must never wait on one of them.
 */
final class HeldSession {

    final TerminalSession session;
    final String containerId;
    final ShellRuntime.Shell shell;
    final OutputPump output;
    final LinkedBlockingQueue<byte[]> input = new LinkedBlockingQueue<>();
    /** Bytes queued and not yet written: past a bound, the reader leaves the rest in Redis. */
    final AtomicLong queuedBytes = new AtomicLong();

    /** The size to apply next; set while a resize is under way, which applies it. */
    final AtomicReference<@Nullable TerminalResize> wantedSize = new AtomicReference<>();

    volatile String inputPosition = "0-0";
    volatile Instant lastInput;
    volatile Instant activityRecorded;

    HeldSession(TerminalSession session, String containerId, ShellRuntime.Shell shell, OutputPump output, Instant now) {
        this.session = session;
        this.containerId = containerId;
        this.shell = shell;
        this.output = output;
        this.lastInput = now;
        this.activityRecorded = now;
    }

    String id() {
        return session.id();
    }

    String marker() {
        return markerOf(session.id());
    }

    static String markerOf(String sessionId) {
        return "SLIPWAY_TERMINAL=" + sessionId;
    }
}
