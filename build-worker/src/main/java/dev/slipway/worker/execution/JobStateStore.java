package dev.slipway.worker.execution;

import dev.slipway.model.JobId;
import dev.slipway.model.JobState;
import dev.slipway.model.WorkerId;
import java.time.Instant;
import java.util.Optional;

/** The job records a worker updates. Every update is a compare-and-set on the state and the attempt. */
public interface JobStateStore {

    /**
     * Moves a QUEUED job to RUNNING with the next attempt number, owned by {@code worker}.
     *
     * @return the attempt, or empty when the job is not QUEUED (already claimed, cancelled, unknown)
     */
    Optional<Integer> claim(JobId job, WorkerId worker, Instant now);

    /**
     * Ends the attempt.
     *
     * @return false when the job was no longer in {@code from} at {@code attempt}: someone else moved it
     */
    boolean finish(JobId job, int attempt, JobState from, Outcome outcome, WorkerId worker, Instant now);

    /** The job's current state, or empty when it is unknown. */
    Optional<JobState> state(JobId job);
}
