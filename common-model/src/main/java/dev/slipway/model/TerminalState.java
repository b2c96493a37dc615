package dev.slipway.model;

/**
 * Where a terminal session is. The gateway makes it {@link #OPENING}; the hosting worker makes it
 * {@link #OPEN} once the shell runs and {@link #ENDED} when the shell is gone, for whatever reason.
 */
public enum TerminalState {
    OPENING,
    OPEN,
    ENDED
}
