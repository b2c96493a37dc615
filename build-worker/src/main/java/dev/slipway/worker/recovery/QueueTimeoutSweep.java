package dev.slipway.worker.recovery;

import dev.slipway.worker.config.WorkerProperties;
import dev.slipway.worker.execution.JobMoves;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Fails the jobs no worker took within their queue timeout: a pool whose workers are all gone, or
 * constraints no worker meets any more, would otherwise leave them QUEUED for ever. Only a job that
 * still waits for its first attempt is failed; one that has started is governed by its attempts
 * and timeout from then on, and is simply no longer watched.
 */
@Component
record QueueTimeoutSweep(QueueDeadlines deadlines, JobMoves moves, WorkerProperties properties, Clock clock) {

    private static final Logger log = LoggerFactory.getLogger(QueueTimeoutSweep.class);

    static final int BATCH = 500;

    void sweep() {
        Instant now = clock.instant();
        for (QueueDeadlines.Overdue overdue : deadlines.due(now, BATCH)) {
            if (overdue.pool() != null) {
                String reason = "no worker of pool '" + overdue.pool() + "' took the job within its queue timeout of "
                        + overdue.timeoutSeconds() + " s";
                // attempt 1: only a job still waiting for its first attempt
                if (moves.failQueued(overdue.job(), 1, reason, properties.workerId(), now)) {
                    log.warn("Failed job {}: {}", overdue.job(), reason);
                }
            }
            deadlines.forget(overdue.job());
        }
    }
}
