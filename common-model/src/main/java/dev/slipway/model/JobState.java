package dev.slipway.model;

/**
 * The life of a job. Every allowed transition is listed in {@link #canTransitionTo}; nothing else
 * may move a job from one state to another.
 */
public enum JobState {
    /** Accepted and waiting in its pool's queue (also after a lost attempt is handed back). */
    QUEUED,
    /** A worker claimed it and runs its container. */
    RUNNING,
    /** A cancel was asked for while it ran; the worker is stopping the container. */
    CANCELLING,
    SUCCEEDED,
    /** The script exited non-zero, or the platform failed and no attempt is left (see the job's error). */
    FAILED,
    CANCELLED,
    TIMED_OUT;

    public boolean isTerminal() {
        return switch (this) {
            case QUEUED, RUNNING, CANCELLING -> false;
            case SUCCEEDED, FAILED, CANCELLED, TIMED_OUT -> true;
        };
    }

    /** The one transition table. A job never leaves a terminal state. */
    public boolean canTransitionTo(JobState next) {
        return switch (this) {
            case QUEUED -> next == RUNNING || next == CANCELLED || next == FAILED;
            case RUNNING ->
                next == SUCCEEDED
                        || next == FAILED
                        || next == TIMED_OUT
                        || next == CANCELLING
                        || next == CANCELLED
                        || next == QUEUED;
            case CANCELLING -> next == CANCELLED;
            case SUCCEEDED, FAILED, CANCELLED, TIMED_OUT -> false;
        };
    }
}
