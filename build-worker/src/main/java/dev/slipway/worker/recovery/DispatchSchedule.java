package dev.slipway.worker.recovery;

import dev.slipway.model.JobId;
import dev.slipway.model.JobState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Jobs to (re)publish to their queue at a given time: retries after their backoff, hand-backs, and
 * submissions whose gateway died before it could publish them. Publishing is at least once: a
 * worker may die between publishing and releasing, and the claim ignores the duplicate.
 */
public interface DispatchSchedule {

    List<JobId> due(Instant now, int limit);

    /** Holds a due entry until {@code holdUntil} and reads its job; empty when not due or the job is gone. */
    Optional<Pending> take(JobId job, Instant now, Instant holdUntil);

    /** Drops the entry, unless it was rescheduled since it was taken. */
    void release(JobId job, Instant heldUntil);

    record Pending(JobState state, int attempt, String specJson) {}
}
