package dev.slipway.model;

/** Which of the container's output streams a line came from. */
public enum LogStream {
    STDOUT,
    STDERR
}
