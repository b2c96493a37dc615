package dev.slipway.gateway.stream;

import dev.slipway.model.JobEvent;
import java.io.IOException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job's state changes, relayed as stored, then {@code end} after the terminal one, so that a
 * client (an EventSource above all) knows to stop reconnecting. The end event repeats the terminal
 * event's id: resuming after either gets only the end again.
 */
record JobEventRenderer(JsonMapper json) implements SseRenderer {

    @Override
    public boolean render(StreamEntry entry, SseWriter out) throws IOException {
        out.event(entry.id(), "state", entry.data());
        if (json.readValue(entry.data(), JobEvent.class) instanceof JobEvent.StateChanged changed
                && changed.to().isTerminal()) {
            out.event(entry.id(), "end", JobEnd.of(changed).toJson(json));
            return true;
        }
        return false;
    }

    /** A client that resumes after the terminal event finds nothing more: it gets the end at once. */
    @Override
    public void renderEnd(JobEnd end, String lastEntryId, SseWriter out) throws IOException {
        out.event(lastEntryId, "end", end.toJson(json));
    }
}
