package dev.slipway.gateway.stream;

import java.nio.charset.StandardCharsets;

/**
 * One entry of an append-only event stream: its id (Redis stream id, {@code <ms>-<seq>}) and its
 * payload as stored, UTF-8. The bytes are kept because a log chunk goes from Redis to the event
 * stream without becoming text; {@link #payload()} decodes the others.
 */
public record StreamEntry(String id, byte[] data) {

    public StreamEntry(String id, String payload) {
        this(id, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** The payload as text, decoded on each call. */
    public String payload() {
        return new String(data, StandardCharsets.UTF_8);
    }
}
