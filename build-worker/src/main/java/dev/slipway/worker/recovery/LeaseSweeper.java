package dev.slipway.worker.recovery;

import dev.slipway.model.JobId;
import dev.slipway.worker.execution.JobMoves;
import dev.slipway.worker.execution.JobStateStore;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Finds attempts whose worker stopped renewing its lease (killed, host gone, network cut) and settles
 * them as lost: requeued for another attempt, or FAILED when none is left. Every worker sweeps; the
 * compare-and-set (which also checks the lease is still expired) lets exactly one of them win.
 */
@Component
record LeaseSweeper(JobStateStore states, JobMoves moves, Clock clock) {

    private static final Logger log = LoggerFactory.getLogger(LeaseSweeper.class);
    private static final int BATCH = 100;

    void sweep() {
        Instant now = clock.instant();
        for (JobId job : states.expiredLeases(now, BATCH)) {
            moves.settleLost(job, now)
                    .ifPresent(state -> log.warn("Job {} lost its worker (lease expired); it is now {}", job, state));
        }
    }
}
