package dev.slipway.model;

/**
 * The terminal protocol ({@code docs/terminal.md}), shared by the gateway's WebSocket and the Redis
 * streams behind it. Every frame is binary and its first byte is the channel, as in Kubernetes'
 * {@code v5.channel.k8s.io}. A stream entry of a session's streams ({@link RedisKeys#terminalInput},
 * {@link RedisKeys#terminalOutput}) holds one frame, byte for byte, in its {@link RedisKeys#EVENT_FIELD},
 * so the gateway relays entries to the socket and frames to Redis without looking into the bytes.
 */
public final class TerminalWire {

    /** The WebSocket subprotocol a client must ask for. */
    public static final String SUBPROTOCOL = "v1.terminal.slipway";

    /** Client to server: bytes for the shell's standard input. */
    public static final byte STDIN = 0;
    /** Server to client: the terminal's output (a TTY merges standard error into it). */
    public static final byte OUTPUT = 1;
    /** Server to client: JSON of {@link TerminalStatus}, when the session ends. */
    public static final byte STATUS = 3;
    /** Client to server: JSON of {@link TerminalResize}. */
    public static final byte RESIZE = 4;
    /**
     * An entry of a worker's requests stream ({@link RedisKeys#workerTerminalRequests}) that asks it
     * to end a session: this prefix, the session id, a space, who asked. Any other entry names a
     * session to open (an empty one only wakes the reader). Closes travel there, not with the
     * session's input, so that input a shell does not read cannot hold them up.
     */
    public static final String CLOSE_REQUEST = "close ";

    private TerminalWire() {}

    public static String closeRequest(String sessionId, String who) {
        return CLOSE_REQUEST + sessionId + " " + who;
    }

    /** A frame: the channel, then the payload. */
    public static byte[] frame(byte channel, byte[] payload) {
        byte[] frame = new byte[payload.length + 1];
        frame[0] = channel;
        System.arraycopy(payload, 0, frame, 1, payload.length);
        return frame;
    }
}
