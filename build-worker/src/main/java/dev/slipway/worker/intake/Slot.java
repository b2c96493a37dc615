package dev.slipway.worker.intake;

import dev.slipway.messaging.JobSource;
import dev.slipway.model.WorkerId;
import dev.slipway.worker.execution.JobRunner;
import dev.slipway.worker.execution.JobStateStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
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
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final int number;
    private final JobSource source;
    private final IntakeQueues queues;
    private final JobMessageReader reader;
    private final JobRunner runner;
    private final JobStateStore states;
    private final WorkerId worker;
    private final Clock clock;
    private final IntakeGate gate;
    private final Thread thread;
    private volatile boolean taking = true;

    Slot(int number, JobSource source, IntakeQueues queues, JobMessageReader reader, JobRunner runner,
            JobStateStore states, WorkerId worker, Clock clock, IntakeGate gate) {
        this.number = number;
        this.source = source;
        this.queues = queues;
        this.reader = reader;
        this.runner = runner;
        this.states = states;
        this.worker = worker;
        this.clock = clock;
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
        Duration backoff = Duration.ofMillis(100);
        while (taking) {
            try (JobSource.Session session = source.open()) {
                backoff = Duration.ofMillis(100);
                while (taking) {
                    if (!gate.isOpen()) {
                        sleep(POLL);
                        continue;
                    }
                    IntakeQueues.Snapshot snapshot = queues.current();
                    JobSource.Delivery delivery = session.next(snapshot.queues(),
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
                    log.warn("Slot {} lost its session with the job source ({}); retrying in {}", number, e.toString(), backoff);
                    sleep(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        }
    }

    /** Whether this slot should take a job now: not stopped, and the gate is open. */
    private boolean wanted() {
        return taking && gate.isOpen();
    }

    private void handle(JobSource.Session session, JobSource.Delivery delivery) throws IOException, InterruptedException {
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
                Optional<JobRunner.Claim> claim;
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
    private @Nullable Optional<JobRunner.Claim> claimHoldingTheDelivery(JobMessageReader.Readable readable)
            throws InterruptedException {
        Duration backoff = Duration.ofMillis(100);
        while (true) {
            try {
                return runner.claim(readable.message());
            } catch (RuntimeException e) {
                if (!taking) {
                    return null;
                }
                log.warn("Could not claim job {} ({}); retrying in {}", readable.message().jobId(), e.toString(), backoff);
                Thread.sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
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
            states.failQueued(unreadable.jobId(), unreadable.reason(), worker, clock.instant());
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
