package dev.slipway.gateway.environment;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A command to run in a running environment, without a terminal: its arguments, and how long it may
 * run before it is killed (30 s when left out).
 */
record ExecRequest(
        @NotEmpty(message = "must have at least one argument")
        @Size(max = 256, message = "must have at most 256 arguments")
        @Nullable
        List<@NotNull(message = "must not contain null arguments") String> command,

        @Min(value = 1, message = "must be at least 1")
        @Max(value = ExecRequest.MAX_TIMEOUT_SECONDS, message = "must be at most 600")
        @Nullable
        Integer timeoutSeconds) {

    static final int DEFAULT_TIMEOUT_SECONDS = 30;
    static final int MAX_TIMEOUT_SECONDS = 600;

    int timeoutOrDefault() {
        return timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds;
    }
}
