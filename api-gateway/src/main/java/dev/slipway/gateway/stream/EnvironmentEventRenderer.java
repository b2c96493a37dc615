package dev.slipway.gateway.stream;

import dev.slipway.model.EnvironmentEvent;
import java.io.IOException;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * An environment's state changes, relayed as stored, then {@code end} after the one into a final
 * state (EXPIRED, REMOVED, FAILED), so that a client knows to stop reconnecting.
 */
record EnvironmentEventRenderer(JsonMapper json) implements SseRenderer {

    @Override
    public boolean render(StreamEntry entry, SseWriter out) throws IOException {
        out.event(entry.id(), "state", entry.data());
        if (json.readValue(entry.data(), EnvironmentEvent.class) instanceof EnvironmentEvent.StateChanged changed
                && changed.to().isTerminal()) {
            out.event(
                    entry.id(),
                    "end",
                    json.writeValueAsBytes(Map.of("state", changed.to().name())));
            return true;
        }
        return false;
    }
}
