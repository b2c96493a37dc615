package dev.slipway.worker.execution;

import dev.slipway.model.JobId;
import dev.slipway.model.JobRecord;
import dev.slipway.model.JobState;
import dev.slipway.model.JobTransition;
import dev.slipway.model.JobUpdate;
import dev.slipway.model.WorkerId;
import dev.slipway.worker.config.WorkerProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The moves a worker makes on jobs, each decided here on the job's current record and applied by
 * the store's compare-and-set: claiming a queued job, settling an attempt that ended (with
 * {@link Settlement}), settling one whose worker was lost, and failing a job whose message can
 * never be read.
 */
@Component
public class JobMoves {

    private final JobStateStore store;
    private final Settlement settlement;

    @Autowired
    JobMoves(JobStateStore store, WorkerProperties properties) {
        this(
                store,
                new Settlement(
                        properties.retry().initialBackoff(), properties.retry().maxBackoff()));
    }

    public JobMoves(JobStateStore store, Settlement settlement) {
        this.store = store;
        this.settlement = settlement;
    }

    /**
     * Moves a QUEUED job to RUNNING with the next attempt number, owned by {@code worker}, holding a
     * lease of {@code lease} on the store's clock.
     *
     * @param expectedAttempt the attempt the message dispatched; 0 for whichever is next
     * @return the attempt, or empty when the job is not waiting for it (claimed, cancelled, unknown, or a stale message)
     */
    public Optional<Integer> claim(JobId job, int expectedAttempt, WorkerId worker, Instant now, Duration lease) {
        return claimRunning(job, expectedAttempt, worker, now, lease).map(JobRecord::attempt);
    }

    /**
     * As {@link #claim}, answering the job's record as the claim left it: RUNNING at the new attempt on
     * {@code worker}, started {@code now}. Its settling move can be decided on it ({@link #settle(JobRecord,
     * Outcome, Instant)}).
     */
    public Optional<JobRecord> claimRunning(
            JobId job, int expectedAttempt, WorkerId worker, Instant now, Duration lease) {
        AtomicReference<@Nullable JobRecord> decidedOn = new AtomicReference<>();
        JobUpdate update = store.update(job, current -> {
            boolean waiting = current.state() == JobState.QUEUED
                    && (expectedAttempt == 0 || current.attempt() == expectedAttempt - 1);
            decidedOn.set(current);
            return waiting ? Optional.of(JobTransition.claim(current, worker, now, lease)) : Optional.empty();
        });
        JobRecord before = decidedOn.get();
        if (!(update instanceof JobUpdate.Applied applied) || before == null) {
            return Optional.empty();
        }
        return Optional.of(new JobRecord(
                job,
                JobState.RUNNING,
                applied.transition().toAttempt(),
                before.failures(),
                before.maxAttempts(),
                worker,
                before.owner(),
                before.pool(),
                new JobRecord.Times(before.times().created(), now, now)));
    }

    /**
     * Settles an ended attempt against the job as it is now.
     *
     * @return the state the job moved to; empty when the attempt was no longer current (fenced)
     */
    public Optional<JobState> settle(JobId job, int attempt, Outcome outcome, WorkerId worker, Instant now) {
        return moved(store.update(
                job,
                current -> current.attempt() == attempt ? settling(current, outcome, worker, now) : Optional.empty()));
    }

    /**
     * Settles this worker's ended attempt, deciding first on {@code claimed}, the record as its claim
     * left it, in one round trip to the store: while the attempt is current and RUNNING nothing but its
     * own settling changes its failures, spec or owner. A job that moved on meanwhile (CANCELLING, taken
     * over) is read and decided again.
     *
     * @return the state the job moved to; empty when the attempt was no longer current (fenced)
     */
    public Optional<JobState> settle(JobRecord claimed, Outcome outcome, Instant now) {
        WorkerId worker = Objects.requireNonNull(claimed.worker(), "a claimed attempt has its worker");
        return moved(store.update(
                claimed,
                current -> current.attempt() == claimed.attempt()
                        ? settling(current, outcome, worker, now)
                        : Optional.empty()));
    }

    /**
     * Settles the attempt of a job whose lease ran out before {@code now} as {@link Outcome#lost}.
     *
     * @return the state the job moved to; empty when the lease was renewed meanwhile or the job moved on
     */
    public Optional<JobState> settleLost(JobId job, Instant now) {
        JobUpdate update = store.update(job, current -> {
            String worker =
                    current.worker() == null ? "unknown" : current.worker().value();
            return settling(
                            current,
                            Outcome.lost(worker),
                            Objects.requireNonNullElse(current.worker(), WorkerId.of("unknown")),
                            now)
                    .map(JobTransition::onlyIfLeaseExpired);
        });
        if (update instanceof JobUpdate.Missing) {
            store.dropLease(job); // the job expired: nothing to settle
        }
        return moved(update);
    }

    /**
     * Fails a job still QUEUED whose message can never be processed (dead-lettered), with the reason.
     *
     * @return false when the job was not QUEUED
     */
    public boolean failQueued(JobId job, String reason, WorkerId worker, Instant now) {
        return failQueued(job, 0, reason, worker, now);
    }

    /**
     * Fails a job QUEUED for attempt {@code attempt} (any attempt when 0): a message of an earlier
     * attempt, dead-lettered after the job moved on to a retry, leaves the retry alone.
     *
     * @return false when the job was not QUEUED for that attempt
     */
    public boolean failQueued(JobId job, int attempt, String reason, WorkerId worker, Instant now) {
        return store.update(
                        job,
                        current ->
                                current.state() == JobState.QUEUED && (attempt == 0 || current.attempt() + 1 == attempt)
                                        ? Optional.of(JobTransition.failQueued(current, reason, worker, now))
                                        : Optional.empty())
                instanceof JobUpdate.Applied;
    }

    /** The move that ends the current attempt of a running (or cancelling) job; none for a job in another state. */
    private Optional<JobTransition> settling(JobRecord current, Outcome outcome, WorkerId worker, Instant now) {
        if (current.state() != JobState.RUNNING && current.state() != JobState.CANCELLING) {
            return Optional.empty();
        }
        Settlement.Decision decision = settlement.decide(
                current.state(), current.attempt(), current.failures(), current.maxAttempts(), outcome, now);
        JobTransition.AttemptEnd end =
                new JobTransition.AttemptEnd(decision.failures(), decision.exitCode(), decision.error(), worker, now);
        return Optional.of(
                decision.to() == JobState.QUEUED
                        ? JobTransition.requeue(current, Objects.requireNonNull(decision.dispatchAt()), end)
                        : JobTransition.settle(current, decision.to(), end));
    }

    private static Optional<JobState> moved(JobUpdate update) {
        return update instanceof JobUpdate.Applied applied
                ? Optional.of(applied.transition().to())
                : Optional.empty();
    }
}
