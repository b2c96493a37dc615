package dev.slipway.gateway.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the text/event-stream format. A data value is written verbatim; the only characters the
 * format cannot carry are line breaks, so a carriage return inside a line starts a new
 * {@code data:} line (a client joins them with a newline).
 */
final class SseWriter {

    private final OutputStream out;
    private final StringBuilder buffer = new StringBuilder(256);

    SseWriter(OutputStream out) {
        this.out = out;
    }

    SseWriter retry(long millis) {
        buffer.append("retry: ").append(millis).append('\n').append('\n');
        return this;
    }

    SseWriter event(String id, String name, String data) {
        buffer.append("id: ").append(id).append('\n');
        return eventBody(name, data);
    }

    /** An event whose id is {@code <entryId>.<index>}, appended without building the id string first. */
    SseWriter event(String entryId, int index, String name, String data) {
        buffer.append("id: ").append(entryId).append('.').append(index).append('\n');
        return eventBody(name, data);
    }

    private SseWriter eventBody(String name, String data) {
        buffer.append("event: ").append(name).append('\n');
        int start = 0;
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c == '\r' || c == '\n') {
                appendData(data, start, i);
                if (c == '\r' && i + 1 < data.length() && data.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < data.length() || start == 0) {
            appendData(data, start, data.length());
        }
        buffer.append('\n');
        return this;
    }

    SseWriter comment(String text) {
        buffer.append(':').append(' ').append(text).append('\n').append('\n');
        return this;
    }

    /** Sends what was written so far; throws when the client has gone. */
    void flush() throws IOException {
        if (!buffer.isEmpty()) {
            out.write(buffer.toString().getBytes(StandardCharsets.UTF_8));
            buffer.setLength(0);
        }
        out.flush();
    }

    private void appendData(String data, int from, int to) {
        buffer.append("data: ").append(data, from, to).append('\n');
    }
}
