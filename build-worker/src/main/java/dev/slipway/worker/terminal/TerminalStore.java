package dev.slipway.worker.terminal;

import dev.slipway.model.TerminalSession;
import dev.slipway.model.WorkerId;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The sessions' records and output streams as the hosting worker writes them. After the gateway
 * made a session, its worker is the only writer of its record.
 */
public interface TerminalStore {

    Optional<TerminalSession> find(String sessionId);

    /** Writes the record, keeping its expiry. */
    void save(TerminalSession session);

    /** Tells the gateway that waits on the open: {@code open}, or why it could not be. */
    void answerOpen(String sessionId, String answer);

    /** Appends one frame to the session's output stream and answers its entry id. */
    String appendOutput(String sessionId, byte[] frame);

    /** Drops the output entries before {@code minId}: they are past what a reattaching client gets. */
    void trimOutput(String sessionId, String minId);

    /** Marks the session as held by this worker (and as one of its environment's). */
    void hold(WorkerId worker, TerminalSession session);

    /** The sessions this worker marked as held and has not released. */
    Set<String> heldBy(WorkerId worker);

    /** Ends the marks of {@link #hold}; the session's keys lapse after {@code keep}. */
    void release(WorkerId worker, TerminalSession session, Duration keep);

    /** Appends to the audit trail an act the worker did on a user's behalf (a session it ended). */
    void audit(String actor, String action, String target, String outcome, String source);
}
