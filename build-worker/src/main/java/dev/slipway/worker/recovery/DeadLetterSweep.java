package dev.slipway.worker.recovery;

import dev.slipway.messaging.JobSource;
import dev.slipway.model.JobId;
import dev.slipway.model.JobTopology;
import dev.slipway.worker.config.WorkerProperties;
import dev.slipway.worker.execution.JobMoves;
import dev.slipway.worker.intake.JobMessageReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ends the jobs whose messages the broker gave up on. A message lands in the dead-letter queue when
 * it was delivered more than {@link JobTopology#DELIVERY_LIMIT} times without a worker settling it
 * (each taker died or lost its channel), or when a worker found it unreadable. Its job would
 * otherwise wait QUEUED forever: it is failed with the reason, provided it still waits for the
 * attempt that message carried. Each message is then acknowledged, so the queue drains; one that
 * names no job is logged with its start, for an operator to look at.
 */
@Component
record DeadLetterSweep(
        JobSource source, JobMessageReader reader, JobMoves moves, WorkerProperties properties, Clock clock) {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterSweep.class);

    /** Messages handled per sweep at most, so one sweep cannot hold the recovery thread for long. */
    static final int BATCH = 500;

    static final String REASON = "the broker gave up on its message (delivered " + JobTopology.DELIVERY_LIMIT
            + " times without a worker finishing it, each worker holding it stopped or lost its connection)";

    void sweep() {
        try {
            drain();
        } catch (IOException e) {
            log.warn("Could not read the dead-letter queue ({}); trying again at the next sweep", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return how many dead letters it took */
    int drain() throws IOException, InterruptedException {
        int taken = 0;
        try (JobSource.Session session = source.open()) {
            while (taken < BATCH) {
                JobSource.Delivery delivery = session.next(List.of(JobTopology.DEAD_LETTER_QUEUE), () -> false);
                if (delivery == null) {
                    break;
                }
                settle(delivery.body());
                session.ack(delivery);
                taken++;
            }
        }
        return taken;
    }

    private void settle(byte[] body) {
        switch (reader.read(body)) {
            case JobMessageReader.Parsed parsed ->
                fail(parsed.message().jobId(), parsed.message().attempt(), REASON);
            case JobMessageReader.Unreadable unreadable -> {
                JobId job = unreadable.jobId();
                if (job != null) {
                    fail(job, 0, unreadable.reason());
                } else {
                    log.error(
                            "Dropped a dead-lettered message that names no job ({}): {}",
                            unreadable.reason(),
                            new String(Arrays.copyOf(body, Math.min(body.length, 200)), StandardCharsets.UTF_8));
                }
            }
        }
    }

    private void fail(JobId job, int attempt, String reason) {
        if (moves.failQueued(job, attempt, reason, properties.workerId(), clock.instant())) {
            log.warn("Failed job {}: {}", job, reason);
        } else {
            log.info("Dead-lettered message of job {} (attempt {}) dropped: the job has moved on", job, attempt);
        }
    }
}
