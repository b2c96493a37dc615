package dev.slipway.gateway.terminal;

import dev.slipway.model.EnvironmentId;
import dev.slipway.model.TerminalSession;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Terminal sessions, their tickets and streams, as the gateway uses them. */
public interface TerminalStore {

    /** Records a new session and its (empty) streams, all lapsing after {@code keep}, and asks its worker to open it. */
    void create(TerminalSession session, Duration keep);

    /** Waits for the worker's answer to the open: {@code open}, or why it could not; empty if none came. */
    Optional<String> awaitOpened(String sessionId, Duration patience);

    Optional<TerminalSession> find(String sessionId);

    /** The sessions of an environment that are not over. */
    List<TerminalSession> ofEnvironment(EnvironmentId environment);

    void saveTicket(String secretHash, TerminalTicket ticket, Duration ttl);

    /** Takes a ticket, which no one can take again. */
    Optional<TerminalTicket> takeTicket(String secretHash);

    /** Asks the session's worker to end it, on behalf of {@code who}. */
    void requestClose(TerminalSession session, String who);

    /** Appends a client's frame to the session's input, for its worker. */
    void sendInput(String sessionId, byte[] frame);

    /**
     * The newest output frames, oldest first, that together hold at least {@code bytes} (or all
     * there are), and the id of the newest, from which live output follows.
     */
    Replay replay(String sessionId, long bytes);

    /** @param lastId the id of the newest frame, or {@code 0-0} when there is no output yet */
    record Replay(List<byte[]> frames, String lastId) {}
}
