package dev.slipway.model;

/**
 * The life of an environment: a long-lived container made from a template. Every allowed
 * transition is listed in {@link #canTransitionTo}; nothing else may move an environment.
 */
public enum EnvironmentState {
    /** Accepted and waiting in its pool's queue for a worker with room. */
    PENDING,
    /** A worker took it and is making its container (pulling the image first if need be). */
    CREATING,
    RUNNING,
    /** A stop was asked for; the hosting worker is stopping the container, which keeps its files. */
    STOPPING,
    /** The container exists with its filesystem, and nothing runs in it. */
    STOPPED,
    /** A start (or the second half of a restart) was asked for; the hosting worker is starting it. */
    STARTING,
    /** Its worker stopped heartbeating; the worker may come back with the container intact. */
    LOST,
    /** Its lifetime ran out: the container was removed. */
    EXPIRED,
    /** Deleted on request: the container was removed. */
    REMOVED,
    /** It could not be made or kept (see its error). */
    FAILED;

    public boolean isTerminal() {
        return switch (this) {
            case PENDING, CREATING, RUNNING, STOPPING, STOPPED, STARTING, LOST -> false;
            case EXPIRED, REMOVED, FAILED -> true;
        };
    }

    /**
     * The one transition table. An environment never leaves a terminal state; from any other state
     * it may be removed (deleted), expire, or fail.
     */
    public boolean canTransitionTo(EnvironmentState next) {
        if (isTerminal()) {
            return false;
        }
        if (next == REMOVED || next == EXPIRED || next == FAILED) {
            return true;
        }
        return switch (this) {
            case PENDING -> next == CREATING;
            case CREATING -> next == RUNNING || next == LOST;
            case RUNNING -> next == STOPPING || next == STARTING || next == LOST;
            case STOPPING -> next == STOPPED || next == LOST;
            case STOPPED -> next == STARTING || next == LOST;
            case STARTING -> next == RUNNING || next == STOPPED || next == LOST;
            case LOST -> next == RUNNING || next == STOPPED;
            case EXPIRED, REMOVED, FAILED -> false;
        };
    }
}
