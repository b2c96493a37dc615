package dev.slipway.gateway.stream;

/**
 * One entry of an append-only event stream: its id (Redis stream id, {@code <ms>-<seq>}) and its
 * payload as stored, UTF-8. Kept as bytes, because a log chunk goes from Redis to the event stream
 * without becoming text.
 */
public record StreamEntry(String id, byte[] data) {}
