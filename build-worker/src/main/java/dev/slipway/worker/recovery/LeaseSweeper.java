package dev.slipway.worker.recovery;

import dev.slipway.model.JobId;
import dev.slipway.worker.config.WorkerProperties;
import dev.slipway.worker.execution.JobMoves;
import dev.slipway.worker.execution.JobStateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Finds attempts whose worker stopped renewing its lease (killed, host gone, network cut) and settles
 * them as lost: requeued for another attempt, or FAILED when none is left. Every worker sweeps; the
 * compare-and-set (which also checks the lease is still expired) lets exactly one of them win.
 *
 * <p>Leases are judged on Redis's clock, and only on time in which somebody could see Redis: when no
 * sweep ran for longer than a worker may go without renewing ({@link WorkerProperties.Lease#maxSilence}), Redis was away
 * for everyone (paused, restarted, cut off), no worker could renew, and every lease gets a full term
 * instead of all being declared lost by the first sweep back.
 */
@Component
record LeaseSweeper(JobStateStore states, JobMoves moves, WorkerProperties properties, Clock clock) {

    private static final Logger log = LoggerFactory.getLogger(LeaseSweeper.class);
    private static final int BATCH = 100;

    void sweep() {
        Duration term = properties.lease().duration();
        JobStateStore.ExpiredLeases found =
                states.expiredLeases(properties.lease().maxSilence(), term, BATCH);
        if (found.granted() > 0) {
            log.warn(
                    "No worker had seen Redis for over {}: {} leases get a full term of {} before they are judged",
                    properties.lease().maxSilence(),
                    found.granted(),
                    term);
        }
        Instant now = clock.instant();
        for (JobId job : found.expired()) {
            moves.settleLost(job, now)
                    .ifPresent(state -> log.warn("Job {} lost its worker (lease expired); it is now {}", job, state));
        }
    }
}
