package dev.slipway.worker.execution;

import dev.slipway.model.JobId;
import dev.slipway.model.JobRecord;
import dev.slipway.model.JobTransition;
import dev.slipway.model.JobUpdate;
import dev.slipway.model.WorkerId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The job records a worker reads and moves. Implementers owe: every move is a compare-and-set on the
 * job's state and attempt, applied atomically with its event, index, lease and dispatch changes, so
 * that an attempt that is no longer current (its worker was paused past its lease) changes nothing.
 * What move to make is decided by the caller ({@link JobMoves}).
 */
public interface JobStateStore {

    /** The job's record now, or empty when it is unknown (never existed or expired). */
    Optional<JobRecord> find(JobId job);

    /**
     * Reads the job, asks {@code decide} for a move (none: the update is declined), and applies it
     * unless the job changed in between, in which case it reads and decides again.
     */
    JobUpdate update(JobId job, Function<JobRecord, Optional<JobTransition>> decide);

    /** Renews the lease of a running attempt; says whether the worker should go on, cancel, or give up. */
    LeaseStatus renew(JobId job, int attempt, WorkerId worker, Instant leaseUntil);

    /** Jobs whose lease ran out before {@code now}, at most {@code limit}. */
    List<JobId> expiredLeases(Instant now, int limit);

    /** The values of the job's secrets by name; empty once the job has ended (they are dropped with it). */
    Map<String, String> secrets(JobId job);

    /** Forgets the lease of a job that no longer exists (it expired after its retention). */
    void dropLease(JobId job);

    enum LeaseStatus {
        /** The attempt is current and the lease is renewed. */
        HELD,
        /** The attempt is current, but a cancel was asked for. */
        CANCEL_REQUESTED,
        /** The attempt is no longer current: another attempt took over, or the job is gone. */
        LOST
    }
}
