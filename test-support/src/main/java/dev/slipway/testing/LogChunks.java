package dev.slipway.testing;

import dev.slipway.model.LogChunkText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Log chunks ({@link LogChunkText}) built from and read into lines of text, as tests want them. */
public final class LogChunks {

    /** A chunk read back: the attempt that wrote it and its lines, each with the chunk's time. */
    public record Chunk(int attempt, List<LogLine> lines) {}

    private LogChunks() {}

    /** The chunk as a worker writes it; a line feed inside a line starts another line of the same stream. */
    public static String encode(int attempt, List<LogLine> lines) {
        LogChunkText.Builder chunk = new LogChunkText.Builder(
                attempt, lines.isEmpty() ? 0 : lines.getFirst().at(), 64);
        for (LogLine line : lines) {
            for (String piece : line.text().split("\n", -1)) {
                byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
                chunk.line(line.stream(), bytes, 0, bytes.length);
            }
        }
        return new String(chunk.toByteArray(), StandardCharsets.UTF_8);
    }

    public static Chunk decode(String payload) {
        return decode(payload.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when the payload is not a chunk */
    public static Chunk decode(byte[] payload) {
        if (!LogChunkText.isChunk(payload)) {
            throw new IllegalArgumentException("not a log chunk: " + new String(payload, StandardCharsets.UTF_8));
        }
        String header =
                new String(payload, StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        String[] fields = header.split(" ", -1);
        int attempt = Integer.parseInt(fields[1]);
        long at = Long.parseLong(fields[2]);
        List<LogLine> lines = new ArrayList<>();
        LogChunkText.Cursor cursor = new LogChunkText.Cursor(payload);
        while (cursor.next()) {
            lines.add(new LogLine(cursor.stream(), at, cursor.text()));
        }
        return new Chunk(attempt, lines);
    }
}
