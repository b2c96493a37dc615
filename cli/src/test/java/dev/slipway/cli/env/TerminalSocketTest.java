package dev.slipway.cli.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class TerminalSocketTest {

    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final TerminalSocket socket =
            new TerminalSocket(screen, JsonMapper.builder().build());

    @Test
    void outputFramesPassByteForByteAlsoWhenAMessageArrivesInPieces() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        socket.onBinary(new NoSocket(), ByteBuffer.wrap(new byte[] {1, euro[0]}), false);
        socket.onBinary(new NoSocket(), ByteBuffer.wrap(new byte[] {euro[1], euro[2]}), true);
        socket.onBinary(new NoSocket(), ByteBuffer.wrap(new byte[] {1, 'o', 'k'}), true);

        assertThat(screen.toString(StandardCharsets.UTF_8)).isEqualTo("€ok");
        assertThat(socket.ended()).isNotDone();
    }

    @Test
    void theStatusFrameEndsTheSessionWithTheShellsExitCodeAndALaterCloseChangesNothing() throws Exception {
        socket.frame("\u0003{\"exitCode\":7,\"reason\":\"exited\"}".getBytes(StandardCharsets.UTF_8));
        socket.onClose(new NoSocket(), 1000, "");

        TerminalSocket.End end = socket.ended().get();
        assertThat(end).isInstanceOf(TerminalSocket.End.Status.class);
        assertThat(((TerminalSocket.End.Status) end).status().get("exitCode").asInt())
                .isEqualTo(7);
    }

    @Test
    void aCloseWithoutStatusIsALostConnection() throws Exception {
        socket.onClose(new NoSocket(), 1001, "going away");

        assertThat(socket.ended().get()).isEqualTo(new TerminalSocket.End.Lost("the socket closed (1001 going away)"));
    }
}
