package dev.slipway.worker.terminal;

import dev.slipway.model.WorkerId;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What reaches the worker's shells: the requests to open sessions, and each session's input
 * frames, in one blocking read, so that a keystroke is taken as soon as it is written.
 */
public interface TerminalInbox {

    /** The newest request's id: where a worker that starts reads on from (older ones were not for it). */
    String latestRequest(WorkerId worker);

    /**
     * Waits up to {@code block} for entries after the given positions.
     *
     * @param requestsAfter the last request read
     * @param inputsAfter session id to the last input entry read of it
     */
    List<Inbound> read(WorkerId worker, String requestsAfter, Map<String, String> inputsAfter, Duration block);

    /** Ends a read under way at once (a session was opened and its input must be read too). */
    void wake(WorkerId worker);

    /**
     * One entry read.
     *
     * @param sessionId the session it is for; for a request, the session to open (empty for a wake)
     * @param request whether it came from the requests stream (else from the session's input)
     * @param frame for input, the client's frame as the gateway wrote it
     */
    record Inbound(String sessionId, boolean request, String entryId, byte[] frame) {}
}
