package dev.slipway.worker.execution;

import dev.slipway.model.JobId;
import dev.slipway.model.JobRecord;
import dev.slipway.model.JobTransition;
import dev.slipway.model.JobUpdate;
import dev.slipway.model.WorkerId;
import java.time.Duration;
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

    /**
     * As {@link #update(JobId, Function)}, deciding first on {@code known}, the record as this worker
     * left it, without reading it; read and decided again only when the job changed since. A store
     * whose reads cost nothing may just read.
     */
    default JobUpdate update(JobRecord known, Function<JobRecord, Optional<JobTransition>> decide) {
        return update(known.id(), decide);
    }

    /**
     * Renews the lease of a running attempt for {@code term}, counted on the store's clock; says
     * whether the worker should go on, cancel, or give up.
     */
    LeaseStatus renew(JobId job, int attempt, WorkerId worker, Duration term);

    /**
     * Jobs whose lease ran out on the store's clock, at most {@code limit}; but none when no sweep
     * saw the store for longer than {@code quietLimit} before this one. Nobody could renew in such a
     * gap, so every lease is granted a full {@code term} from now instead.
     */
    ExpiredLeases expiredLeases(Duration quietLimit, Duration term, int limit);

    /**
     * What a lease sweep found.
     *
     * @param granted how many leases got a full term because nobody had seen the store for a while
     *     (0 when the sweep judged)
     * @param expired the jobs whose lease ran out
     */
    record ExpiredLeases(int granted, List<JobId> expired) {}

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
