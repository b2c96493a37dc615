package dev.slipway.gateway.stream;

import dev.slipway.model.JobEvent;
import dev.slipway.model.LogChunkText;
import dev.slipway.model.LogStream;
import java.io.IOException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job's log: one event per line, named after its stream ({@code stdout}, {@code stderr}), whose
 * id {@code <entry>.<index>} names the line, then {@code end}. Lines go from the chunk's bytes to
 * the response without becoming text.
 */
record LogRenderer(LogPosition from, JsonMapper json) implements SseRenderer {

    private static final byte[] STDOUT = SseWriter.ascii("stdout");
    private static final byte[] STDERR = SseWriter.ascii("stderr");
    private static final String END_ID = "end";

    @Override
    public boolean render(StreamEntry entry, SseWriter out) throws IOException {
        if (!LogChunkText.isChunk(entry.data())) {
            // The one other entry of a log: the end marker, written with the job's terminal state.
            if (json.readValue(entry.data(), JobEvent.class) instanceof JobEvent.LogEnd end) {
                out.event(entry.id(), "end", JobEnd.of(end).toJson(json));
                return true;
            }
            return false;
        }
        int first = from.firstLineAfter(entry.id());
        byte[] entryId = SseWriter.ascii(entry.id());
        LogChunkText.Cursor lines = new LogChunkText.Cursor(entry.data());
        while (lines.next()) {
            if (lines.index() >= first) {
                out.event(
                        entryId,
                        lines.index(),
                        lines.stream() == LogStream.STDERR ? STDERR : STDOUT,
                        lines.chunk(),
                        lines.from(),
                        lines.to());
            }
        }
        return false;
    }

    /** A job that ended without running, or whose worker vanished, has no end marker. */
    @Override
    public void renderEnd(JobEnd end, String lastEntryId, SseWriter out) throws IOException {
        out.event(END_ID, "end", end.toJson(json));
    }
}
