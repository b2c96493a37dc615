package dev.slipway.worker.execution;

import dev.slipway.model.JobState;
import org.jspecify.annotations.Nullable;

/**
 * How an attempt ended, before it is settled against the job's current record (see {@link Settlement}).
 *
 * @param state the state this ending means on its own: terminal, or QUEUED for a hand-back (and, while
 *     attempts are left, {@link Settlement} requeues a platform failure or a lost worker too)
 * @param exitCode the container's exit code, if it exited
 * @param error the platform's reason, if the platform rather than the script ended it
 * @param kind what kind of ending it was: decides whether another attempt follows
 */
public record Outcome(
        JobState state,
        @Nullable Integer exitCode,
        @Nullable String error,
        Kind kind) {

    public enum Kind {
        /** The script ran to its end; its exit code decides. Never retried. */
        EXITED,
        /** The job cannot run as given (its secrets are gone): FAILED, and never retried. */
        REFUSED,
        /** The script ran past its timeout and was stopped. Never retried. */
        TIMED_OUT,
        /** Docker, the image or the worker failed: another attempt may succeed. */
        PLATFORM_FAILURE,
        /** The worker stopped it because a cancel was asked for. */
        CANCELLED,
        /** The worker is shutting down and gives the job back to the queue; not counted as a failure. */
        HANDED_BACK,
        /** The worker's lease ran out: it died, hung or lost its network. Counted as a failure. */
        LOST
    }

    public static Outcome exited(int exitCode) {
        return new Outcome(exitCode == 0 ? JobState.SUCCEEDED : JobState.FAILED, exitCode, null, Kind.EXITED);
    }

    public static Outcome timedOut(long timeoutSeconds) {
        return new Outcome(
                JobState.TIMED_OUT,
                null,
                "the job ran longer than its timeout of " + timeoutSeconds + " s and was stopped",
                Kind.TIMED_OUT);
    }

    public static Outcome refused(String reason) {
        return new Outcome(JobState.FAILED, null, reason, Kind.REFUSED);
    }

    /** The job wrote more than {@code limit} to its container's filesystem and was stopped; never retried. */
    public static Outcome diskLimitExceeded(org.springframework.util.unit.DataSize limit) {
        return new Outcome(
                JobState.FAILED,
                null,
                "the job wrote more than " + limit.toMegabytes() + " MB to its container's filesystem"
                        + " (slipway.worker.max-disk) and was stopped",
                Kind.REFUSED);
    }

    public static Outcome platformFailure(String error) {
        return new Outcome(JobState.FAILED, null, error, Kind.PLATFORM_FAILURE);
    }

    public static Outcome cancelled(@Nullable Integer exitCode) {
        return new Outcome(JobState.CANCELLED, exitCode, "cancelled on request", Kind.CANCELLED);
    }

    public static Outcome handedBack(String worker) {
        return new Outcome(
                JobState.QUEUED,
                null,
                "worker " + worker + " was shut down or drained before the job ended",
                Kind.HANDED_BACK);
    }

    public static Outcome lost(String worker) {
        return new Outcome(
                JobState.FAILED,
                null,
                "worker " + worker + " was lost: its lease ran out (killed, hung or cut off)",
                Kind.LOST);
    }

    boolean mayBeRetried() {
        return kind == Kind.PLATFORM_FAILURE || kind == Kind.LOST;
    }
}
