package dev.slipway.model;

import org.jspecify.annotations.Nullable;

/**
 * The payload of a {@link TerminalWire#STATUS} frame, the last a session sends.
 *
 * @param exitCode the shell's exit code when it exited by itself ({@link #EXITED}), else null
 * @param reason why the session ended: one of the constants below
 */
public record TerminalStatus(@Nullable Integer exitCode, String reason) {

    /** The shell exited (the user typed {@code exit}, or it died). */
    public static final String EXITED = "exited";
    /** Someone ended it ({@code DELETE /api/v1/terminals/{id}}). */
    public static final String CLOSED = "closed";
    /** No input for the session's idle timeout. */
    public static final String IDLE_TIMEOUT = "idle-timeout";
    /** The session reached its absolute cap. */
    public static final String MAX_DURATION = "max-duration";
    /** The environment stopped, was removed or its container went away. */
    public static final String ENVIRONMENT_STOPPED = "environment-stopped";
    /** The hosting worker restarted: Docker cannot reattach to an exec, so its shells were killed. */
    public static final String WORKER_RESTARTED = "worker-restarted";
    /** The hosting worker could not start the shell. */
    public static final String FAILED = "failed";
}
