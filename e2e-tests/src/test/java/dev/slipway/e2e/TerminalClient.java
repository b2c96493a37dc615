package dev.slipway.e2e;

import static org.awaitility.Awaitility.await;

import dev.slipway.model.TerminalWire;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A plain WebSocket client of the terminal protocol ({@code docs/terminal.md}): it gathers what
 * channel 1 brings as raw bytes, and the status and close that end a session.
 */
final class TerminalClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final WebSocket socket;
    private volatile String status;
    private volatile Integer closeCode;

    private TerminalClient(URI uri, Map<String, String> headers) throws Exception {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().subprotocols(TerminalWire.SUBPROTOCOL);
        headers.forEach(builder::header);
        this.socket = builder.buildAsync(uri, new Listener()).get(10, TimeUnit.SECONDS);
    }

    /** Connects to {@code websocket} (the path a ticket answer gave) on the gateway at {@code baseUrl}. */
    static TerminalClient connect(String baseUrl, String websocket) throws Exception {
        return connect(baseUrl, websocket, Map.of());
    }

    static TerminalClient connect(String baseUrl, String websocket, Map<String, String> headers) throws Exception {
        return new TerminalClient(URI.create(baseUrl.replaceFirst("^http", "ws") + websocket), headers);
    }

    /**
     * Sends an upgrade by hand and answers the status line and the body the gateway sent instead of
     * upgrading, which the JDK's client does not show.
     */
    static Refusal refusal(String baseUrl, String path, Map<String, String> headers) throws IOException {
        URI base = URI.create(baseUrl);
        try (Socket raw = new Socket(base.getHost(), base.getPort())) {
            raw.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n")
                    .append("Host: ")
                    .append(base.getHost())
                    .append(':')
                    .append(base.getPort())
                    .append("\r\n")
                    .append("Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n")
                    .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
            headers.forEach((name, value) ->
                    request.append(name).append(": ").append(value).append("\r\n"));
            OutputStream out = raw.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = raw.getInputStream();
            String head = readHead(in);
            int status = Integer.parseInt(head.substring(9, 12));
            String body = "";
            int length = contentLength(head);
            if (length > 0) {
                body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
            return new Refusal(status, head, body);
        }
    }

    record Refusal(int status, String head, String body) {}

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            byte[] bytes = head.toByteArray();
            int n = bytes.length;
            if (n >= 4
                    && bytes[n - 4] == '\r'
                    && bytes[n - 3] == '\n'
                    && bytes[n - 2] == '\r'
                    && bytes[n - 1] == '\n') {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n", -1)) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(
                        line.substring("content-length:".length()).strip());
            }
        }
        return -1;
    }

    void type(String text) {
        send(TerminalWire.STDIN, text.getBytes(StandardCharsets.UTF_8));
    }

    void resize(int cols, int rows) {
        send(TerminalWire.RESIZE, ("{\"cols\":" + cols + ",\"rows\":" + rows + "}").getBytes(StandardCharsets.UTF_8));
    }

    void send(byte channel, byte[] payload) {
        socket.sendBinary(ByteBuffer.wrap(TerminalWire.frame(channel, payload)), true)
                .join();
    }

    void sendText(String text) {
        socket.sendText(text, true).join();
    }

    byte[] outputBytes() {
        synchronized (output) {
            return output.toByteArray();
        }
    }

    String output() {
        return new String(outputBytes(), StandardCharsets.UTF_8);
    }

    /** Waits until the output (read as UTF-8) contains {@code text}. */
    void awaitOutput(String text, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(20)).until(() -> output().contains(text));
    }

    String awaitStatus(Duration within) {
        return await().atMost(within).pollInterval(Duration.ofMillis(20)).until(() -> status, s -> s != null);
    }

    int awaitClose(Duration within) {
        return await().atMost(within).pollInterval(Duration.ofMillis(20)).until(() -> closeCode, c -> c != null);
    }

    boolean isClosed() {
        return closeCode != null || socket.isInputClosed();
    }

    /** Drops the connection without a close handshake, as a browser whose network went does. */
    void drop() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye")
                    .orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null);
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {

        private final ByteArrayOutputStream message = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] part = new byte[data.remaining()];
            data.get(part);
            message.write(part, 0, part.length);
            if (last) {
                byte[] frame = message.toByteArray();
                message.reset();
                if (frame.length > 0 && frame[0] == TerminalWire.OUTPUT) {
                    synchronized (output) {
                        output.write(frame, 1, frame.length - 1);
                    }
                } else if (frame.length > 0 && frame[0] == TerminalWire.STATUS) {
                    status = new String(frame, 1, frame.length - 1, StandardCharsets.UTF_8);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            throw new AssertionError("the terminal protocol has no text frames, got: " + data);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode = statusCode;
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode = closeCode == null ? -1 : closeCode;
        }
    }
}
