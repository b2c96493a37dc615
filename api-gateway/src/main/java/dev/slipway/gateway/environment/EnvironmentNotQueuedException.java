package dev.slipway.gateway.environment;

import dev.slipway.model.EnvironmentId;

/**
 * The broker did not confirm a command, so the worker may never act on it. For a create the
 * environment was failed, so that it holds no quota; a later command is retried by the worker's
 * own sweep, which settles what the record asks for.
 */
public class EnvironmentNotQueuedException extends RuntimeException {

    private final EnvironmentId environmentId;
    private final boolean created;

    EnvironmentNotQueuedException(EnvironmentId environmentId, boolean created, Throwable cause) {
        super(
                "the broker did not confirm the command for environment " + environmentId + ": " + cause.getMessage(),
                cause);
        this.environmentId = environmentId;
        this.created = created;
    }

    public EnvironmentId environmentId() {
        return environmentId;
    }

    /** True when this was the create, and the environment is FAILED; false when the change stands. */
    public boolean created() {
        return created;
    }
}
