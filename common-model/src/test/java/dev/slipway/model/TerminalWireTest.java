package dev.slipway.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class TerminalWireTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void endReasonsTravelInTheirWireSpellingBothWays() {
        assertThat(json.writeValueAsString(new TerminalStatus(null, TerminalEnd.IDLE_TIMEOUT)))
                .isEqualTo("{\"exitCode\":null,\"reason\":\"idle-timeout\"}");
        for (TerminalEnd end : TerminalEnd.values()) {
            assertThat(json.readValue("\"" + end.wire() + "\"", TerminalEnd.class))
                    .isEqualTo(end);
        }
        assertThat(json.readValue("{\"exitCode\":7,\"reason\":\"exited\"}", TerminalStatus.class))
                .isEqualTo(new TerminalStatus(7, TerminalEnd.EXITED));
    }

    @Test
    void aFrameIsItsChannelThenItsPayloadUntouched() {
        byte[] payload = {(byte) 0xe2, (byte) 0x82, 0, (byte) 0xff};

        byte[] frame = TerminalWire.frame(TerminalWire.OUTPUT, payload);

        assertThat(frame).containsExactly(1, (byte) 0xe2, (byte) 0x82, 0, (byte) 0xff);
        assertThat(TerminalWire.closeRequest("s-1", "alice"))
                .isEqualTo("close s-1 alice")
                .startsWith(TerminalWire.CLOSE_REQUEST);
        assertThat("close s-1 alice".getBytes(StandardCharsets.UTF_8)).isNotEmpty();
    }
}
