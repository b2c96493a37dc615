package dev.slipway.gateway.stream;

/** One entry of an append-only event stream: its id (Redis stream id, {@code <ms>-<seq>}) and its payload. */
public record StreamEntry(String id, String payload) {}
