package dev.slipway.model;

/** The payload of a {@link TerminalWire#RESIZE} frame: the client's window, in character cells. */
public record TerminalResize(int cols, int rows) {

    /** Larger than any screen; a bound so that a client cannot ask the kernel for absurd sizes. */
    public static final int MAX = 1000;

    public boolean valid() {
        return cols >= 1 && cols <= MAX && rows >= 1 && rows <= MAX;
    }
}
