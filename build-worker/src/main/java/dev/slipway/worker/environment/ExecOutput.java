package dev.slipway.worker.environment;

/**
 * What a command printed on one stream, decoded as UTF-8.
 *
 * @param truncated true when it printed more than was kept: {@code text} is its beginning
 */
public record ExecOutput(String text, boolean truncated) {}
