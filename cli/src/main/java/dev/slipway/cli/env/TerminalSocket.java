package dev.slipway.cli.env;

import dev.slipway.model.TerminalWire;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One attachment to a terminal session (docs/terminal.md): binary frames whose first byte is the
 * channel. Output is written as it comes, byte for byte; the status frame ends the session; a
 * close without one is a lost connection, after which the session can be attached again.
 */
final class TerminalSocket implements WebSocket.Listener {

    /** How an attachment ended: with the session's status, or by losing the connection. */
    sealed interface End {
        record Status(JsonNode status) implements End {}

        record Lost(String why) implements End {}
    }

    private final OutputStream output;
    private final JsonMapper json;
    private final CompletableFuture<End> ended = new CompletableFuture<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    TerminalSocket(OutputStream output, JsonMapper json) {
        this.output = output;
        this.json = json;
    }

    CompletableFuture<End> ended() {
        return ended;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public @Nullable CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        partial.write(bytes, 0, bytes.length);
        if (last) {
            byte[] frame = partial.toByteArray();
            partial.reset();
            frame(frame);
        }
        webSocket.request(1);
        return null;
    }

    void frame(byte[] frame) {
        if (frame.length == 0) {
            return;
        }
        switch (frame[0]) {
            case TerminalWire.OUTPUT -> {
                try {
                    output.write(frame, 1, frame.length - 1);
                    output.flush();
                } catch (IOException e) {
                    ended.complete(new End.Lost("cannot write the output: " + e.getMessage()));
                }
            }
            case TerminalWire.STATUS ->
                ended.complete(new End.Status(json.readTree(
                        new String(frame, 1, frame.length - 1, java.nio.charset.StandardCharsets.UTF_8))));
            default -> {
                // a channel of a later protocol version: nothing to show
            }
        }
    }

    @Override
    public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        ended.complete(new End.Lost("the socket closed (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")"));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        ended.complete(new End.Lost(String.valueOf(error.getMessage())));
    }
}
