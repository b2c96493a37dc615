package dev.slipway.worker.environment;

import java.time.Duration;

/** How a command run in an environment ended, with what it printed. */
public sealed interface ExecResult {

    ExecOutput stdout();

    ExecOutput stderr();

    /** The command ended by itself. */
    record Exited(int exitCode, ExecOutput stdout, ExecOutput stderr) implements ExecResult {}

    /**
     * The command was still running when its time was up; the output is what it printed until then.
     *
     * @param killed true when it ended after the worker killed it; false when it could not be killed
     *     (it may run on in the container until it ends by itself)
     */
    record TimedOut(Duration timeout, boolean killed, ExecOutput stdout, ExecOutput stderr) implements ExecResult {}
}
