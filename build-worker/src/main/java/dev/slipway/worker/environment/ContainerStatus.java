package dev.slipway.worker.environment;

import org.jspecify.annotations.Nullable;

/**
 * An environment container's state as the engine reports it.
 *
 * @param exitCode how its last run ended, when it is {@link State#EXITED} after running; null otherwise
 * @param health what the image's {@code HEALTHCHECK} last said; {@link Health#NONE} without one
 */
public record ContainerStatus(State state, @Nullable Integer exitCode, Health health) {

    public static ContainerStatus missing() {
        return new ContainerStatus(State.MISSING, null, Health.NONE);
    }

    public enum State {
        RUNNING,
        /** Not running, its filesystem kept: stopped, exited by itself, or never started. */
        EXITED,
        /** There is no such container on this host. */
        MISSING
    }

    /** Docker's health states. */
    public enum Health {
        /** The image has no health check (or the container does not run). */
        NONE,
        /** Within the check's start period, with no verdict yet. */
        STARTING,
        HEALTHY,
        UNHEALTHY
    }
}
