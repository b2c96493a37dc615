package dev.slipway.worker.execution;

import dev.slipway.model.JobId;
import dev.slipway.model.JobState;
import dev.slipway.model.WorkerId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The job records a worker updates. Every update is a compare-and-set on the state and the attempt,
 * so an attempt that is no longer current (its worker was paused past its lease) changes nothing.
 */
public interface JobStateStore {

    /**
     * Moves a QUEUED job to RUNNING with the next attempt number, owned by {@code worker}, holding a
     * lease until {@code leaseUntil}.
     *
     * @param expectedAttempt the attempt the message dispatched; 0 for whichever is next
     * @return the attempt, or empty when the job is not waiting for it (claimed, cancelled, unknown, or a stale message)
     */
    Optional<Integer> claim(JobId job, int expectedAttempt, WorkerId worker, Instant now, Instant leaseUntil);

    /** Renews the lease of a running attempt; says whether the worker should go on, cancel, or give up. */
    LeaseStatus renew(JobId job, int attempt, WorkerId worker, Instant leaseUntil);

    /**
     * Settles an ended attempt against the job as it is now (see {@link Settlement}).
     *
     * @return the state the job moved to; empty when the attempt was no longer current (fenced)
     */
    Optional<JobState> settle(JobId job, int attempt, Outcome outcome, WorkerId worker, Instant now);

    /**
     * Settles the attempt of a job whose lease ran out before {@code now} as {@link Outcome#lost}.
     *
     * @return the state the job moved to; empty when the lease was renewed meanwhile or the job moved on
     */
    Optional<JobState> settleLost(JobId job, Instant now);

    /**
     * Fails a job still QUEUED whose message can never be processed (dead-lettered), with the reason.
     *
     * @return false when the job was not QUEUED
     */
    boolean failQueued(JobId job, String reason, WorkerId worker, Instant now);

    /** Jobs whose lease ran out before {@code now}, at most {@code limit}. */
    List<JobId> expiredLeases(Instant now, int limit);

    /** The job's current state and attempt, or empty when it is unknown (never existed or expired). */
    Optional<Current> current(JobId job);

    record Current(JobState state, int attempt) {}

    enum LeaseStatus {
        /** The attempt is current and the lease is renewed. */
        HELD,
        /** The attempt is current, but a cancel was asked for. */
        CANCEL_REQUESTED,
        /** The attempt is no longer current: another attempt took over, or the job is gone. */
        LOST
    }
}
