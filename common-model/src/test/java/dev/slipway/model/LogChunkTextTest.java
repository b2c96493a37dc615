package dev.slipway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogChunkTextTest {

    private record Line(LogStream stream, String text) {}

    @Test
    void aChunkReadsBackWithItsLinesStreamsAndAttempt() {
        List<Line> lines = List.of(
                new Line(LogStream.STDOUT, "building"),
                new Line(LogStream.STDERR, "warning: \"quoted\" \\ and tabs\t"),
                new Line(LogStream.STDOUT, ""),
                new Line(LogStream.STDOUT, "ünïcödé ✓ and a carriage\rreturn"));

        byte[] payload = encode(3, 1_000, lines);

        assertThat(LogChunkText.isChunk(payload)).isTrue();
        assertThat(new String(payload, StandardCharsets.UTF_8)).startsWith("L1 3 1000\n");
        assertThat(read(payload))
                .containsExactly(
                        "0:STDOUT:building",
                        "1:STDERR:warning: \"quoted\" \\ and tabs\t",
                        "2:STDOUT:",
                        "3:STDOUT:ünïcödé ✓ and a carriage\rreturn");
    }

    @Test
    void eachLineCostsItsTextPlusTwoCharacters() {
        byte[] payload = encode(1, 5, List.of(new Line(LogStream.STDOUT, "123456")));

        assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo("L1 1 5\no123456\n");
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
        assertThat(chunk)
                .isEqualTo(
                        encode(2, 7, List.of(new Line(LogStream.STDOUT, "ünï ✓"), new Line(LogStream.STDERR, "42"))));
    }

    @Test
    void readingBytesHandsOutEachLineAsARangeOfTheChunk() {
        byte[] chunk = "L1 1 5\noone\ne\notwo ✓\n".getBytes(StandardCharsets.UTF_8);
        List<String> read = new ArrayList<>();

        assertThat(LogChunkText.isChunk(chunk)).isTrue();
        LogChunkText.Cursor lines = new LogChunkText.Cursor(chunk);
        while (lines.next()) {
            assertThat(lines.chunk()).isSameAs(chunk);
            read.add(lines.index() + ":" + lines.stream() + ":"
                    + new String(chunk, lines.from(), lines.to() - lines.from(), StandardCharsets.UTF_8));
        }

        assertThat(read).containsExactly("0:STDOUT:one", "1:STDERR:", "2:STDOUT:two ✓");
    }

    @Test
    void jsonEventsAreNotChunks() {
        byte[] end = "{\"type\":\"end\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(LogChunkText.isChunk(end)).isFalse();
        assertThatThrownBy(() -> new LogChunkText.Cursor("{\"type\":\"log\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLineWithAnUnknownStreamIsRefused() {
        assertThatThrownBy(() -> read("L1 1 5\nxoops\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("xoops");
    }

    private static byte[] encode(int attempt, long at, List<Line> lines) {
        LogChunkText.Builder chunk = new LogChunkText.Builder(attempt, at, 64);
        for (Line line : lines) {
            byte[] bytes = line.text().getBytes(StandardCharsets.UTF_8);
            chunk.line(line.stream(), bytes, 0, bytes.length);
        }
        return chunk.toByteArray();
    }

    private static List<String> read(byte[] chunk) {
        List<String> read = new ArrayList<>();
        LogChunkText.Cursor cursor = new LogChunkText.Cursor(chunk);
        while (cursor.next()) {
            read.add(cursor.index() + ":" + cursor.stream() + ":" + cursor.text());
        }
        return read;
    }
}
