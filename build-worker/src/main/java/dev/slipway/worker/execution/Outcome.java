package dev.slipway.worker.execution;

import dev.slipway.model.JobState;
import org.jspecify.annotations.Nullable;

/** How an attempt ended: its terminal state, the container's exit code if it exited, and the platform's reason if it failed. */
public record Outcome(JobState state, @Nullable Integer exitCode, @Nullable String error) {

    static Outcome exited(int exitCode) {
        return new Outcome(exitCode == 0 ? JobState.SUCCEEDED : JobState.FAILED, exitCode, null);
    }

    static Outcome timedOut(long timeoutSeconds) {
        return new Outcome(JobState.TIMED_OUT, null, "the job ran longer than its timeout of " + timeoutSeconds + " s and was stopped");
    }

    static Outcome platformFailure(String error) {
        return new Outcome(JobState.FAILED, null, error);
    }
}
