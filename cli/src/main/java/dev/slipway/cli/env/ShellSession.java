package dev.slipway.cli.env;

import dev.slipway.cli.config.CliContext;
import dev.slipway.cli.http.ApiClient;
import dev.slipway.cli.http.ApiException;
import dev.slipway.cli.output.ExitCodes;
import dev.slipway.model.TerminalWire;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * {@code slipway env shell}: a terminal session of an environment on this terminal. The terminal is
 * put in raw mode with signals off, so that Ctrl-C and Ctrl-Z reach the remote shell as bytes; its
 * attributes are put back however the session ends. A lost connection is attached again (the
 * session outlives its socket) for up to 30 s.
 */
final class ShellSession {

    private static final Duration REATTACH_FOR = Duration.ofSeconds(30);
    private static final int DEFAULT_COLS = 80;
    private static final int DEFAULT_ROWS = 24;

    private final CliContext context;
    private final ApiClient api;
    private final AtomicReference<@Nullable WebSocket> socket = new AtomicReference<>();

    ShellSession(CliContext context, ApiClient api) {
        this.context = context;
        this.api = api;
    }

    int run(String environmentId) throws Exception {
        try (Terminal terminal = TerminalBuilder.builder()
                .system(true)
                .dumb(true)
                // no grapheme-cluster probe: the local terminal would answer its queries on
                // stdin, and every byte of stdin belongs to the remote shell
                .graphemeCluster(false)
                .build()) {
            Attributes saved = terminal.enterRawMode();
            try {
                Attributes raw = new Attributes(terminal.getAttributes());
                raw.setLocalFlag(Attributes.LocalFlag.ISIG, false);
                terminal.setAttributes(raw);
                return attach(terminal, open(terminal, environmentId));
            } finally {
                terminal.setAttributes(saved);
                terminal.flush();
            }
        }
    }

    private String open(Terminal terminal, String environmentId) throws Exception {
        JsonNode opened = api.post(
                "/api/v1/environments/" + ApiClient.segment(environmentId) + "/terminals",
                context.json().createObjectNode().put("cols", cols(terminal)).put("rows", rows(terminal)));
        return opened.path("sessionId").asString();
    }

    private int attach(Terminal terminal, String sessionId) throws Exception {
        String path = "/api/v1/terminals/" + ApiClient.segment(sessionId);
        terminal.handle(Terminal.Signal.WINCH, _ -> resize(terminal));
        Thread keyboard = Thread.ofPlatform().daemon().name("terminal-input").start(() -> copyInput(terminal.input()));
        long reattachUntil = 0;
        while (true) {
            TerminalSocket listener = new TerminalSocket(terminal.output(), context.json());
            try {
                socket.set(api.webSocket(path + "/ws", TerminalWire.SUBPROTOCOL, listener));
            } catch (ApiException refused) {
                if (refused.status() == 409 || refused.status() == 404) {
                    // it ended while we were away: its record says how
                    return exitCode(api.get(path), terminal);
                }
                throw refused;
            } catch (IOException unreachable) {
                if (reattachUntil == 0 || System.nanoTime() > reattachUntil) {
                    throw unreachable;
                }
                Thread.sleep(500);
                continue;
            }
            resize(terminal);
            TerminalSocket.End end = listener.ended().get();
            if (end instanceof TerminalSocket.End.Status(JsonNode status)) {
                keyboard.interrupt();
                return exitCode(status, terminal);
            }
            TerminalSocket.End.Lost lost = (TerminalSocket.End.Lost) end;
            if (reattachUntil == 0) {
                reattachUntil = System.nanoTime() + REATTACH_FOR.toNanos();
            } else if (System.nanoTime() > reattachUntil) {
                throw new IOException("lost the terminal session " + sessionId + ": " + lost.why());
            }
            note(terminal, "connection lost (" + lost.why() + "); attaching again");
            Thread.sleep(500);
            // the replay that comes first redraws the screen: start from a clean one
            terminal.output().write("\033c".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private int exitCode(JsonNode status, Terminal terminal) throws IOException {
        JsonNode exitCode = status.path("exitCode");
        if (exitCode.isNumber()) {
            return exitCode.asInt();
        }
        String reason = status.path("reason").asString(status.path("endReason").asString("unknown"));
        note(terminal, "the session ended: " + reason);
        return ExitCodes.PLATFORM_FAILED;
    }

    private void copyInput(InputStream input) {
        byte[] buffer = new byte[8192];
        try {
            int read;
            while ((read = input.read(buffer)) >= 0) {
                if (read > 0) {
                    send(TerminalWire.STDIN, Arrays.copyOf(buffer, read));
                }
            }
        } catch (IOException e) {
            // the terminal closed: the session goes on until the shell ends
        }
    }

    private void resize(Terminal terminal) {
        send(
                TerminalWire.RESIZE,
                ("{\"cols\":" + cols(terminal) + ",\"rows\":" + rows(terminal) + "}").getBytes(StandardCharsets.UTF_8));
    }

    /** One frame at a time: a WebSocket takes a message only once the one before it went out. */
    private synchronized void send(byte channel, byte[] payload) {
        WebSocket current = socket.get();
        if (current == null || current.isOutputClosed()) {
            return;
        }
        try {
            current.sendBinary(ByteBuffer.wrap(TerminalWire.frame(channel, payload)), true)
                    .join();
        } catch (RuntimeException lost) {
            // the listener sees the socket close and attaches again
        }
    }

    private static void note(Terminal terminal, String message) throws IOException {
        terminal.output().write(("\r\nslipway: " + message + "\r\n").getBytes(StandardCharsets.UTF_8));
        terminal.output().flush();
    }

    private static int cols(Terminal terminal) {
        int width = terminal.getSize().getColumns();
        return width > 0 ? Math.min(width, 1000) : DEFAULT_COLS;
    }

    private static int rows(Terminal terminal) {
        int height = terminal.getSize().getRows();
        return height > 0 ? Math.min(height, 1000) : DEFAULT_ROWS;
    }
}
