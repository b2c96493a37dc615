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

    @Test
    void aLogLineIsWrittenFromItsRangeOfTheChunkWithTheEntryIdAndItsIndex() throws Exception {
        byte[] chunk = "L1 1 5\noünï ✓\roops\n".getBytes(StandardCharsets.UTF_8);
        int from = 8;
        int to = chunk.length - 1;

        writer.event(SseWriter.ascii("1700000000000-3"), 1234, SseWriter.ascii("stderr"), chunk, from, to);

        assertThat(written()).isEqualTo("id: 1700000000000-3.1234\nevent: stderr\ndata: ünï ✓\ndata: oops\n\n");
    }

    @Test
    void aLongRunOfEventsIsPassedOnAsItGrowsNotHeldWholeUntilFlush() throws Exception {
        byte[] line = "x".repeat(100).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 1000; i++) {
            writer.event(SseWriter.ascii("1-0"), i, SseWriter.ascii("stdout"), line, 0, line.length);
        }

        assertThat(bytes.size()).as("passed on before flush").isGreaterThan(100_000);
        String[] events = written().split("\n\n");
        assertThat(events).hasSize(1000);
        assertThat(events[999]).isEqualTo("id: 1-0.999\nevent: stdout\ndata: " + "x".repeat(100));
    }
}
