package dev.slipway.worker.intake;

import dev.slipway.messaging.JobSource;
import dev.slipway.model.JobId;
import dev.slipway.worker.execution.ClaimedAttempt;
import io.github.resilience4j.core.IntervalFunction;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

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
    private static final IntervalFunction RETRY = SourceSessions.RETRY;

    private final int number;
    private final SlotParts parts;
    private final Thread thread;
    private volatile boolean taking = true;

    Slot(int number, SlotParts parts) {
        this.number = number;
        this.parts = parts;
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
        SourceSessions.run("Slot " + number, parts.source(), () -> taking, this::takeOne);
    }

    private void takeOne(JobSource.Session session) throws IOException, InterruptedException {
        if (!parts.gate().isOpen()) {
            sleep(POLL);
            return;
        }
        IntakeQueues.Snapshot snapshot = parts.queues().current();
        JobSource.Delivery delivery = session.next(
                snapshot.queues(), () -> wanted() && parts.queues().current().version() == snapshot.version());
        if (delivery == null) {
            return;
        }
        if (!wanted()) {
            session.requeue(delivery);
            return;
        }
        handle(session, delivery);
    }

    /** Whether this slot should take a job now: not stopped, and the gate is open. */
    private boolean wanted() {
        return taking && parts.gate().isOpen();
    }

    private void handle(JobSource.Session session, JobSource.Delivery delivery)
            throws IOException, InterruptedException {
        switch (parts.reader().read(delivery.body())) {
            case JobMessageReader.Unreadable unreadable -> {
                log.error("Dead-lettering a job message: {}", unreadable.reason());
                session.deadLetter(delivery);
                JobId job = unreadable.jobId();
                if (job != null) {
                    failQuietly(job, unreadable.reason());
                }
            }
            case JobMessageReader.Parsed parsed -> {
                MDC.put("jobId", parsed.message().jobId().value());
                Claim claim;
                try {
                    claim = claimHoldingTheDelivery(parsed);
                } finally {
                    MDC.remove("jobId");
                }
                switch (claim) {
                    case Claim.Stopped stopped -> session.requeue(delivery); // Redis was away: the message goes back
                    case Claim.NotWaiting notWaiting -> ackQuietly(session, delivery);
                    case Claim.Claimed claimed -> {
                        ackQuietly(session, delivery);
                        parts.runner().run(claimed.attempt());
                    }
                }
            }
        }
    }

    /** What claiming a message came to. */
    private sealed interface Claim {
        record Claimed(ClaimedAttempt attempt) implements Claim {}

        /** The job does not wait for this message's attempt: a duplicate or stale message. */
        record NotWaiting() implements Claim {}

        /** The slot was stopped, or its gate shut, while Redis was away, before the claim could be recorded. */
        record Stopped() implements Claim {}
    }

    /**
     * Claims in Redis, retrying while Redis is away; the unacknowledged delivery keeps the job in
     * the broker meanwhile.
     */
    private Claim claimHoldingTheDelivery(JobMessageReader.Parsed parsed) throws InterruptedException {
        int failures = 0;
        while (true) {
            try {
                return parts.claims()
                        .claim(parsed.message())
                        .<Claim>map(Claim.Claimed::new)
                        .orElseGet(Claim.NotWaiting::new);
            } catch (RuntimeException e) {
                if (!wanted()) {
                    // Stopping, or cut off from Redis: another worker may claim the message meanwhile.
                    return new Claim.Stopped();
                }
                long delay = RETRY.apply(++failures);
                log.warn(
                        "Could not claim job {} ({}); retrying in {} ms",
                        parsed.message().jobId(),
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

    private void failQuietly(JobId job, String reason) {
        try {
            parts.claims().failUnreadable(job, reason);
        } catch (RuntimeException e) {
            log.warn("Could not mark job {} failed: {}", job, e.toString());
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
