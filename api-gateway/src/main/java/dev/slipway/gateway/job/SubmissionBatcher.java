package dev.slipway.gateway.job;

import dev.slipway.gateway.config.GatewayProperties;
import dev.slipway.gateway.job.JobStore.NewJob;
import dev.slipway.gateway.job.JobStore.Recorded;
import dev.slipway.messaging.BrokerUnavailableException;
import dev.slipway.messaging.JobPublisher;
import dev.slipway.model.JobId;
import dev.slipway.model.JobMessage;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Records and publishes the submissions that arrive together as one batch: one Redis pipeline
 * records them all (each still its own atomic script call), one channel publishes them all, and
 * one wait collects their confirms. A request thread hands its job over and waits for its own
 * answer; each of a few lanes takes whatever has queued up while it worked on its last batch, so a
 * lone request goes straight through and a crowd shares round trips.
 *
 * <p>Dropping the confirmed jobs' first dispatch entries comes after their answers, off the
 * requests' path: it only spares a worker a duplicate publish, which the claim ignores.
 */
@Component
class SubmissionBatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SubmissionBatcher.class);

    /** Enough for a crowd; a bound keeps one batch's pipeline and confirm wait short. */
    static final int MAX_BATCH = 128;

    /** How long a lane waits for work before it looks whether the gateway is stopping. */
    private static final Duration IDLE_POLL = Duration.ofMillis(200);

    /**
     * A request gives up on its answer after this long: a lane's Redis calls and confirm wait have
     * timeouts of their own well inside it, so reaching it means a lane is stuck.
     */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

    /**
     * What became of a recorded job's publish.
     *
     * @param token for {@link JobStore#withdraw}
     * @param unconfirmed why the broker did not confirm the message, or null when it did
     */
    record Published(String token, @Nullable BrokerUnavailableException unconfirmed) {}

    private record Waiting(NewJob job, CompletableFuture<Published> answer) {}

    private final JobStore store;
    private final JobPublisher broker;
    private final DistributionSummary batchSizes;
    private final BlockingQueue<Waiting> queue = new LinkedBlockingQueue<>();
    private final List<Thread> lanes = new ArrayList<>();
    private volatile boolean stopping;

    SubmissionBatcher(JobStore store, JobPublisher broker, GatewayProperties properties, MeterRegistry meters) {
        this.store = store;
        this.broker = broker;
        this.batchSizes = DistributionSummary.builder("slipway.jobs.submission.batch")
                .description("Submissions recorded and published together")
                .register(meters);
        for (int lane = 1; lane <= Math.max(1, properties.submissionLanes()); lane++) {
            lanes.add(Thread.ofPlatform()
                    .name("slipway-submissions-" + lane)
                    .daemon()
                    .start(this::work));
        }
    }

    /**
     * Records the job and publishes its first message, together with whatever else is submitted now.
     *
     * @throws ActiveJobLimitException and any other reason the job could not be recorded: nothing is
     * @throws SubmissionUncertainException when no answer came in time: the job may be recorded
     */
    Published submit(NewJob job) {
        if (stopping) {
            throw new BrokerUnavailableException("the gateway is shutting down");
        }
        Waiting waiting = new Waiting(job, new CompletableFuture<>());
        queue.add(waiting);
        try {
            return waiting.answer().get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new SubmissionUncertainException(job.job().id(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SubmissionUncertainException(job.job().id(), e);
        }
    }

    /** How many submissions wait for a lane now. */
    int waiting() {
        return queue.size();
    }

    private void work() {
        List<Waiting> batch = new ArrayList<>(MAX_BATCH);
        while (!stopping || !queue.isEmpty()) {
            try {
                Waiting first = queue.poll(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                accept(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                // Whatever was not answered yet learns why; the lane goes on with the next batch.
                batch.forEach(waiting -> waiting.answer().completeExceptionally(e));
                log.error("A batch of {} submissions failed", batch.size(), e);
            } finally {
                batch.clear();
            }
        }
    }

    private void accept(List<Waiting> batch) {
        batchSizes.record(batch.size());
        List<Recorded> recorded =
                store.createAll(batch.stream().map(Waiting::job).toList());
        List<Waiting> kept = new ArrayList<>(batch.size());
        List<String> tokens = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Recorded answer = recorded.get(i);
            if (answer.failure() != null) {
                batch.get(i).answer().completeExceptionally(answer.failure());
            } else {
                kept.add(batch.get(i));
                tokens.add(Objects.requireNonNull(answer.token()));
            }
        }
        if (kept.isEmpty()) {
            return;
        }
        List<@Nullable BrokerUnavailableException> confirms = broker.publishAll(kept.stream()
                .map(waiting -> JobMessage.first(
                        waiting.job().job().id(), waiting.job().job().spec()))
                .toList());
        List<JobId> confirmed = new ArrayList<>(kept.size());
        for (int i = 0; i < kept.size(); i++) {
            BrokerUnavailableException unconfirmed = confirms.get(i);
            kept.get(i).answer().complete(new Published(tokens.get(i), unconfirmed));
            if (unconfirmed == null) {
                confirmed.add(kept.get(i).job().job().id());
            }
        }
        try {
            store.dropFirstDispatches(confirmed);
        } catch (RuntimeException e) {
            log.warn("Could not drop the dispatch entries of {} published jobs: {}", confirmed.size(), e.toString());
        }
    }

    /** Answers what is already queued, then lets the lanes end (beans stop after the web server did). */
    @Override
    public void destroy() throws InterruptedException {
        stopping = true;
        for (Thread lane : lanes) {
            lane.join(ANSWER_TIMEOUT.toMillis());
        }
        for (Waiting left = queue.poll(); left != null; left = queue.poll()) {
            left.answer().completeExceptionally(new BrokerUnavailableException("the gateway is shutting down"));
        }
    }
}
