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
     * Gateway to worker only, never on the socket: end the session; the payload is the UTF-8 name
     * of who asked. The gateway refuses this channel from clients.
     */
    public static final byte CLOSE = (byte) 0xFF;

    private TerminalWire() {}

    /** A frame: the channel, then the payload. */
    public static byte[] frame(byte channel, byte[] payload) {
        byte[] frame = new byte[payload.length + 1];
        frame[0] = channel;
        System.arraycopy(payload, 0, frame, 1, payload.length);
        return frame;
    }
}
