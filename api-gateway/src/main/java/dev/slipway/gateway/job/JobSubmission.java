package dev.slipway.gateway.job;

import dev.slipway.gateway.fleet.Placement;
import dev.slipway.gateway.identity.Caller;
import dev.slipway.gateway.job.JobStore.NewJob;
import dev.slipway.messaging.BrokerUnavailableException;
import dev.slipway.model.JobId;
import dev.slipway.model.JobSpec;
import dev.slipway.model.JobState;
import dev.slipway.model.JobView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Accepting a job: record it, then queue it with a publisher confirm. A 201 therefore means the job
 * is both in Redis and durably in RabbitMQ; when the broker does not confirm, the record is
 * withdrawn and the client is told to retry, so no accepted job waits for a message that was lost.
 * Concurrent submissions share their round trips ({@link SubmissionBatcher}); each keeps its own
 * answer.
 */
@Service
record JobSubmission(
        SubmissionBatcher batcher, JobStore store, Clock clock, Placement placement, MeterRegistry meters) {

    private static final Logger log = LoggerFactory.getLogger(JobSubmission.class);

    /**
     * @param secrets the values of the spec's secret names; recorded apart from the spec, never in a message
     * @throws ActiveJobLimitException when the owner already has as many active jobs as their limit
     */
    JobView submit(JobSpec spec, Map<String, String> secrets, Caller owner) {
        placement.place(spec);
        JobId id = JobIds.next();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS); // as Redis keeps it, so every read agrees
        JobView job = new JobView(
                id, JobState.QUEUED, owner.name(), spec, 0, 0, null, null, null, now, null, null, null, now, List.of());
        SubmissionBatcher.Published published =
                batcher.submit(new NewJob(job, secrets, owner.limits().maxActiveJobs()));
        if (published.unconfirmed() != null) {
            withdrawOrKeep(job, published.token(), published.unconfirmed());
            log.warn("Job {} was published although its confirm timed out: a worker has it", id);
        } else {
            log.debug("Accepted job {} of {} for pool {} (image {})", id, owner.name(), spec.pool(), spec.image());
        }
        submitted(spec.pool());
        return job;
    }

    private void submitted(String pool) {
        Counter.builder("slipway.jobs.submitted")
                .description("Jobs the gateway accepted (recorded and queued)")
                .tag("pool", pool)
                .register(meters)
                .increment();
    }

    /**
     * After an unconfirmed publish, a 503 must mean "nothing was recorded": the job is removed,
     * unless a worker already took it (then it is accepted after all, and this returns). If the
     * removal itself fails, the job may stay recorded; its dispatch entry then has a worker publish
     * it later, so the client is told the truth: look the job up before submitting it again.
     */
    private void withdrawOrKeep(JobView job, String token, BrokerUnavailableException unconfirmed) {
        boolean withdrawn;
        try {
            withdrawn = store.withdraw(job, token);
        } catch (RuntimeException e) {
            log.error("Could not withdraw unconfirmed job {}: {}", job.id(), e.toString());
            throw new SubmissionUncertainException(job.id(), e);
        }
        if (withdrawn) {
            throw unconfirmed;
        }
    }
}
