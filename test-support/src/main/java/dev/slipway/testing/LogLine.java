package dev.slipway.testing;

import dev.slipway.model.LogStream;

/**
 * One line of a job's log as tests write and read it.
 *
 * @param at epoch milliseconds; a chunk stores one time for all its lines (its first line's)
 */
public record LogLine(LogStream stream, long at, String text) {}
