package dev.slipway.worker.intake;

import dev.slipway.messaging.JobSource;
import dev.slipway.worker.execution.ClaimedAttempt;
import dev.slipway.worker.execution.JobRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * One job at a time, on its own session with the job source. A slot asks for a job only when it is
 * free, so a busy slot never holds a message another worker could run now, and the broker never
 * holds an unacknowledged delivery for a whole build (RabbitMQ closes channels past
 * consumer_timeout). The message is acknowledged right after the claim is recorded in Redis; from
 * then on the lease, not the broker, guards the job.
 */
final class Slot {

    private static final Logger log = LoggerFactory.getLogger(Slot.class);
    private static final Duration POLL = Duration.ofMillis(250);
    /** Between tries to reach the job source or Redis again: 100 ms, doubling, at most 5 s. */
    private static final BackOff RETRY = RetryPolicy.builder()
            .delay(Duration.ofMillis(100))
            .multiplier(2)
            .maxDelay(Duration.ofSeconds(5))
            .maxRetries(Long.MAX_VALUE)
            .build()
            .getBackOff();

    private final int number;
    private final JobSource source;
    private final IntakeQueues queues;
    private final JobMessageReader reader;
    private final JobClaims claims;
    private final JobRunner runner;
    private final IntakeGate gate;
    private final Thread thread;
    private volatile boolean taking = true;

    Slot(
            int number,
            JobSource source,
            IntakeQueues queues,
            JobMessageReader reader,
            JobClaims claims,
            JobRunner runner,
            IntakeGate gate) {
        this.number = number;
        this.source = source;
        this.queues = queues;
        this.reader = reader;
        this.claims = claims;
        this.runner = runner;
        this.gate = gate;
        this.thread = Thread.ofPlatform().name("slot-" + number).unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    /** Takes no further job; one that runs goes on. */
    void stopTaking() {
        taking = false;
    }

    void awaitEnd(Duration patience) {
        try {
            if (!thread.join(patience)) {
                log.warn("Slot {} still busy after {}", number, patience);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        BackOffExecution backoff = RETRY.start();
        while (taking) {
            try (JobSource.Session session = source.open()) {
                backoff = RETRY.start();
                while (taking) {
                    if (!gate.isOpen()) {
                        sleep(POLL);
                        continue;
                    }
                    IntakeQueues.Snapshot snapshot = queues.current();
                    JobSource.Delivery delivery = session.next(
                            snapshot.queues(),
                            () -> wanted() && queues.current().version() == snapshot.version());
                    if (delivery == null) {
                        continue;
                    }
                    if (!wanted()) {
                        session.requeue(delivery);
                        continue;
                    }
                    handle(session, delivery);
                }
            } catch (Exception e) {
                if (taking) {
                    long delay = backoff.nextBackOff();
                    log.warn(
                            "Slot {} lost its session with the job source ({}); retrying in {} ms",
                            number,
                            e.toString(),
                            delay);
                    sleep(Duration.ofMillis(delay));
                }
            }
        }
    }

    /** Whether this slot should take a job now: not stopped, and the gate is open. */
    private boolean wanted() {
        return taking && gate.isOpen();
    }

    private void handle(JobSource.Session session, JobSource.Delivery delivery)
            throws IOException, InterruptedException {
        switch (reader.read(delivery.body())) {
            case JobMessageReader.Unreadable unreadable -> {
                log.error("Dead-lettering a job message: {}", unreadable.reason());
                session.deadLetter(delivery);
                if (unreadable.jobId() != null) {
                    failQuietly(unreadable);
                }
            }
            case JobMessageReader.Readable readable -> {
                MDC.put("jobId", readable.message().jobId().value());
                Optional<ClaimedAttempt> claim;
                try {
                    claim = claimHoldingTheDelivery(readable);
                } finally {
                    MDC.remove("jobId");
                }
                if (claim == null) { // stopped while Redis was away: the message goes back
                    session.requeue(delivery);
                    return;
                }
                ackQuietly(session, delivery);
                claim.ifPresent(runner::run);
            }
        }
    }

    /**
     * Claims in Redis, retrying while Redis is away; the unacknowledged delivery keeps the job in
     * the broker meanwhile. Null when the slot was stopped before the claim succeeded.
     */
    private @Nullable Optional<ClaimedAttempt> claimHoldingTheDelivery(JobMessageReader.Readable readable)
            throws InterruptedException {
        BackOffExecution backoff = RETRY.start();
        while (true) {
            try {
                return claims.claim(readable.message());
            } catch (RuntimeException e) {
                if (!taking) {
                    return null;
                }
                long delay = backoff.nextBackOff();
                log.warn(
                        "Could not claim job {} ({}); retrying in {} ms",
                        readable.message().jobId(),
                        e.toString(),
                        delay);
                Thread.sleep(delay);
            }
        }
    }

    /** After the claim the job is safe in Redis: a failed ack only means a redelivery, which the claim ignores. */
    private void ackQuietly(JobSource.Session session, JobSource.Delivery delivery) {
        try {
            session.ack(delivery);
        } catch (IOException | RuntimeException e) {
            log.warn("Could not acknowledge a claimed job message ({}); its redelivery will be ignored", e.toString());
        }
    }

    private void failQuietly(JobMessageReader.Unreadable unreadable) {
        try {
            claims.failUnreadable(unreadable.jobId(), unreadable.reason());
        } catch (RuntimeException e) {
            log.warn("Could not mark job {} failed: {}", unreadable.jobId(), e.toString());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
