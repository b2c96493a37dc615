package dev.slipway.worker.execution;

import dev.slipway.model.JobState;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Decides where a job goes when an attempt ends, from the job as it is now: a cancel asked for
 * meanwhile wins; a platform failure or a lost worker is retried with exponential backoff while
 * attempts are left; a hand-back is requeued at once and costs no attempt; anything else is final.
 * Pure, so the worker that ran the attempt and the sweeper that found it lost decide alike.
 */
public final class Settlement {

    /**
     * Where the job goes.
     *
     * @param failures platform failures so far, this one included
     * @param dispatchAt when to publish the job again, for a requeue
     */
    public record Decision(
            JobState to,
            int failures,
            @Nullable Instant dispatchAt,
            @Nullable Integer exitCode,
            @Nullable String error) {}

    private final IntervalFunction retries;

    public Settlement(Duration initialBackoff, Duration maxBackoff) {
        this.retries = IntervalFunction.ofExponentialBackoff(initialBackoff, 2, maxBackoff);
    }

    /**
     * @param current the job's state now: RUNNING or CANCELLING
     * @param attempt the attempt that ended
     * @param failures platform failures before this attempt ended
     */
    public Decision decide(JobState current, int attempt, int failures, int maxAttempts, Outcome outcome, Instant now) {
        if (current == JobState.CANCELLING) {
            return new Decision(JobState.CANCELLED, failures, null, outcome.exitCode(), "cancelled on request");
        }
        if (current != JobState.RUNNING) {
            throw new IllegalArgumentException("only a running job can be settled, not a " + current + " one");
        }
        if (outcome.kind() == Outcome.Kind.HANDED_BACK) {
            return new Decision(JobState.QUEUED, failures, now, null, outcome.error() + "; requeued");
        }
        if (!outcome.mayBeRetried()) {
            return new Decision(outcome.state(), failures, null, outcome.exitCode(), outcome.error());
        }
        int failed = failures + 1;
        if (failed >= maxAttempts) {
            String tail = maxAttempts == 1 ? "" : "; gave up after " + failed + " failed attempts";
            return new Decision(JobState.FAILED, failed, null, outcome.exitCode(), outcome.error() + tail);
        }
        Duration backoff = backoffAfter(failed);
        return new Decision(
                JobState.QUEUED,
                failed,
                now.plus(backoff),
                outcome.exitCode(),
                "attempt " + attempt + " failed: " + outcome.error() + "; retrying in " + backoff.toMillis() + " ms");
    }

    /** initial × 2^(failures-1), at most the maximum. */
    Duration backoffAfter(int failures) {
        return Duration.ofMillis(retries.apply(failures));
    }
}
