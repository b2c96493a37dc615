package dev.slipway.worker.intake;

import dev.slipway.model.JobId;
import dev.slipway.model.JobMessage;
import dev.slipway.model.JobRecord;
import dev.slipway.worker.config.WorkerProperties;
import dev.slipway.worker.execution.ClaimedAttempt;
import dev.slipway.worker.execution.JobMoves;
import dev.slipway.worker.execution.JobStateStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns a job message into a claimed attempt: the attempt, this worker and a lease recorded in
 * Redis. Only then does the slot acknowledge the message, so the broker never holds a delivery for a
 * whole build, and a crash after the claim is settled by the lease.
 */
@Component
record JobClaims(JobMoves moves, JobStateStore states, WorkerProperties properties, Clock clock) {

    private static final Logger log = LoggerFactory.getLogger(JobClaims.class);

    /**
     * Claims the message's attempt. Empty when the job is not waiting for it: the message is then a
     * duplicate or stale, and is acknowledged without running anything.
     */
    Optional<ClaimedAttempt> claim(JobMessage message) {
        Instant now = clock.instant();
        long sentAt = System.nanoTime();
        Optional<JobRecord> claimed = moves.claimRunning(
                message.jobId(),
                message.attempt(),
                properties.workerId(),
                now,
                properties.lease().duration());
        if (claimed.isEmpty()) {
            log.info(
                    "Job {} is not waiting for attempt {} (now {}); ignoring the message",
                    message.jobId(),
                    message.attempt(),
                    states.find(message.jobId()).map(Object::toString).orElse("unknown"));
        }
        return claimed.map(running -> new ClaimedAttempt(message, running, sentAt));
    }

    /** Fails the queued job of a message that can never be read, so its client does not wait forever. */
    void failUnreadable(JobId job, String reason) {
        moves.failQueued(job, reason, properties.workerId(), clock.instant());
    }
}
