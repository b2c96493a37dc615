package dev.slipway.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseWriterTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final SseWriter writer = new SseWriter(bytes);

    private String written() throws Exception {
        writer.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anEventHasItsIdNameAndDataThenABlankLine() throws Exception {
        writer.event("1-0.0", "stdout", "hello");

        assertThat(written()).isEqualTo("id: 1-0.0\nevent: stdout\ndata: hello\n\n");
    }

    @Test
    void leadingSpacesSurviveBecauseOneSpaceFollowsTheColon() throws Exception {
        writer.event("1", "stdout", "  two spaces");

        assertThat(written()).contains("data:   two spaces\n");
    }

    @Test
    void lineBreaksInsideDataBecomeSeparateDataLinesSoNoFieldCanBeForged() throws Exception {
        writer.event("1", "stdout", "a\rid: 666\r\nevent: end\nb\r");

        assertThat(written()).isEqualTo("id: 1\nevent: stdout\ndata: a\ndata: id: 666\ndata: event: end\ndata: b\n\n");
    }

    @Test
    void anEmptyLineIsStillAnEvent() throws Exception {
        writer.event("1", "stdout", "");

        assertThat(written()).isEqualTo("id: 1\nevent: stdout\ndata: \n\n");
    }

    @Test
    void commentsKeepTheConnectionAliveWithoutBeingEvents() throws Exception {
        writer.comment("keep-alive");

        assertThat(written()).isEqualTo(": keep-alive\n\n");
    }
}
