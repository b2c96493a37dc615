package dev.slipway.model;

import java.time.Instant;

/** One line a container printed, without its line terminator. */
public record LogLine(LogStream stream, Instant at, String text) {}
