package dev.slipway.model;

/**
 * One line a container printed, without its line terminator.
 *
 * @param at when the worker read it, in epoch milliseconds (a number, not ISO text: logs carry
 *     millions of lines, and formatting a timestamp per line was the worker's largest cost)
 */
public record LogLine(LogStream stream, long at, String text) {}
