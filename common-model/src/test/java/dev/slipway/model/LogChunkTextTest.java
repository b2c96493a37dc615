package dev.slipway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogChunkTextTest {

    private static final JobId JOB = JobId.of("01234567-89ab-7def-8123-456789abcdef");

    @Test
    void aChunkReadsBackWithItsLinesStreamsAndAttempt() {
        List<LogLine> lines = List.of(
                new LogLine(LogStream.STDOUT, 1_000, "building"),
                new LogLine(LogStream.STDERR, 1_020, "warning: \"quoted\" \\ and tabs\t"),
                new LogLine(LogStream.STDOUT, 1_030, ""),
                new LogLine(LogStream.STDOUT, 1_040, "ünïcödé ✓ and a carriage\rreturn"));

        String payload = LogChunkText.encode(3, lines);
        JobEvent.LogChunk chunk = LogChunkText.decode(JOB, payload);

        assertThat(LogChunkText.isChunk(payload)).isTrue();
        assertThat(chunk.attempt()).isEqualTo(3);
        assertThat(chunk.lines()).extracting(LogLine::stream, LogLine::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple(LogStream.STDOUT, "building"),
                org.assertj.core.groups.Tuple.tuple(LogStream.STDERR, "warning: \"quoted\" \\ and tabs\t"),
                org.assertj.core.groups.Tuple.tuple(LogStream.STDOUT, ""),
                org.assertj.core.groups.Tuple.tuple(LogStream.STDOUT, "ünïcödé ✓ and a carriage\rreturn"));
        assertThat(chunk.lines()).extracting(LogLine::at).containsOnly(1_000L);
    }

    @Test
    void eachLineCostsItsTextPlusTwoCharacters() {
        String payload = LogChunkText.encode(1, List.of(new LogLine(LogStream.STDOUT, 5, "123456")));

        assertThat(payload).isEqualTo("L1 1 5\no123456\n");
    }

    @Test
    void aLineWithALineFeedBecomesTwoLinesOfTheSameStream() {
        String payload = LogChunkText.encode(1, List.of(new LogLine(LogStream.STDERR, 5, "first\nsecond")));
        List<String> read = new ArrayList<>();

        LogChunkText.forEachLine(payload, (index, stream, text) -> read.add(index + ":" + stream + ":" + text));

        assertThat(read).containsExactly("0:STDERR:first", "1:STDERR:second");
    }

    @Test
    void aChunkBuiltFromBytesEqualsTheOneEncodedFromText() {
        byte[] first = "ünï ✓".getBytes(StandardCharsets.UTF_8);
        byte[] framed = "xx42yy".getBytes(StandardCharsets.UTF_8);
        LogChunkText.Builder builder = new LogChunkText.Builder(2, 7, 1);
        builder.line(LogStream.STDOUT, first, 0, first.length);
        builder.line(LogStream.STDERR, framed, 2, 2);

        byte[] chunk = builder.toByteArray();

        assertThat(builder.lines()).isEqualTo(2);
        assertThat(builder.size()).isEqualTo(chunk.length);
        assertThat(new String(chunk, StandardCharsets.UTF_8)).isEqualTo(LogChunkText.encode(2, List.of(
                new LogLine(LogStream.STDOUT, 7, "ünï ✓"), new LogLine(LogStream.STDERR, 7, "42"))));
    }

    @Test
    void readingBytesHandsOutEachLineAsARangeOfTheChunk() {
        byte[] chunk = "L1 1 5\noone\ne\notwo ✓\n".getBytes(StandardCharsets.UTF_8);
        List<String> read = new ArrayList<>();

        assertThat(LogChunkText.isChunk(chunk)).isTrue();
        LogChunkText.Lines lines = new LogChunkText.Lines(chunk);
        while (lines.next()) {
            assertThat(lines.chunk()).isSameAs(chunk);
            read.add(lines.index() + ":" + lines.stream() + ":" + new String(chunk, lines.from(), lines.to() - lines.from(), StandardCharsets.UTF_8));
        }

        assertThat(read).containsExactly("0:STDOUT:one", "1:STDERR:", "2:STDOUT:two ✓");
    }

    @Test
    void jsonEventsAreNotChunks() {
        assertThat(LogChunkText.isChunk("{\"type\":\"end\"}".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(LogChunkText.isChunk("{\"type\":\"end\"}")).isFalse();
        assertThatThrownBy(() -> LogChunkText.decode(JOB, "{\"type\":\"log\"}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLineWithAnUnknownStreamIsRefused() {
        assertThatThrownBy(() -> LogChunkText.forEachLine("L1 1 5\nxoops\n", (index, stream, text) -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("xoops");
    }
}
