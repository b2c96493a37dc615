package dev.slipway.cli.tty;

import org.jline.utils.Signals;

/**
 * Ctrl-C as an event rather than the end of the JVM, so that a command can ask what to do. JLine
 * reaches the JVM's signal API for us (it is not part of the platform's public API).
 */
public final class Interrupts {

    private Interrupts() {}

    public static void onInterrupt(Runnable handler) {
        Signals.register("INT", handler);
    }
}
