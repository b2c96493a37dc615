package dev.slipway.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why a terminal session ended: the {@code reason} of its {@link TerminalStatus} and of its record. */
public enum TerminalEnd {
    /** The shell exited (the user typed {@code exit}, or it died). */
    EXITED,
    /** Someone ended it ({@code DELETE /api/v1/terminals/{id}}). */
    CLOSED,
    /** No input for the session's idle timeout. */
    IDLE_TIMEOUT,
    /** The session reached its absolute cap. */
    MAX_DURATION,
    /** The environment stopped, was removed or expired, or its container went away. */
    ENVIRONMENT_STOPPED,
    /** The hosting worker stopped or restarted: Docker cannot reattach to an exec, so its shells were killed. */
    WORKER_RESTARTED,
    /** The hosting worker could not start the shell. */
    FAILED;

    /** {@code idle-timeout} for {@link #IDLE_TIMEOUT}: the wire's spelling. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static TerminalEnd ofWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
