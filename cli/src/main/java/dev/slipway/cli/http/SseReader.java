package dev.slipway.cli.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reads an {@code text/event-stream} as the WHATWG event-stream rules say: lines end in CR, LF or
 * CRLF; a blank line dispatches; comments ({@code :}) and unknown fields are skipped; one space
 * after the colon is not part of the value. An event cut off by the end of the stream is dropped,
 * so a reader that resumes after the last dispatched id neither loses nor repeats a line.
 */
public final class SseReader implements AutoCloseable {

    private final BufferedReader lines;

    public SseReader(InputStream stream) {
        this.lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
    }

    /** @return the next event, or null when the stream ended */
    public @Nullable SseEvent next() throws IOException {
        String id = null;
        String type = null;
        StringBuilder data = null;
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return new SseEvent(id, type == null ? "message" : type, data.toString());
                }
                type = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "id" -> id = value;
                case "event" -> type = value;
                case "data" -> {
                    if (data == null) {
                        data = new StringBuilder(value);
                    } else {
                        data.append('\n').append(value);
                    }
                }
                default -> {
                    // retry: the follower keeps its own backoff
                }
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
