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
     * @param sessionId the session it is for (empty for a wake)
     * @param frame for input, the client's frame as the gateway wrote it; for a close, who asked (UTF-8)
     */
    record Inbound(Kind kind, String sessionId, String entryId, byte[] frame) {

        boolean request() {
            return kind != Kind.INPUT;
        }
    }

    enum Kind {
        /** From the requests stream: open this session. */
        OPEN,
        /** From the requests stream: end this session. */
        CLOSE,
        /** From the requests stream: nothing, the read is only to end. */
        WAKE,
        /** A frame of the session's input. */
        INPUT
    }
}
