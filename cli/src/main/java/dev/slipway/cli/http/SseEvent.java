package dev.slipway.cli.http;

import org.jspecify.annotations.Nullable;

/**
 * One Server-Sent Event as dispatched: its id (null when the event carried none), its type
 * ({@code message} when unnamed) and its data, several {@code data:} lines joined by {@code \n}.
 */
public record SseEvent(@Nullable String id, String type, String data) {}
