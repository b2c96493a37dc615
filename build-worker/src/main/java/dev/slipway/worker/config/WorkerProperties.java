package dev.slipway.worker.config;

import dev.slipway.model.JobTopology;
import dev.slipway.model.WorkerId;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code slipway.worker.*}.
 *
 * @param id the worker's id; the host name when not set
 * @param slots how many jobs run at once
 * @param pools the pools whose queues this worker consumes
 * @param pullTimeout how long an image pull may take before the job fails
 * @param stopGracePeriod between SIGTERM and SIGKILL when a container is stopped
 * @param capabilities Linux capabilities a job container keeps; all others are dropped
 * @param retention how long a finished job's record, events and log are kept (0: forever)
 * @param drainTimeout on shutdown or drain, how long running jobs may go on before they are stopped and handed back
 * @param labels what this worker offers to job constraints, on top of the Docker host's {@code arch} and {@code os}
 * @param maxDisk what one job may write to its container's own filesystem (the writable layer)
 *     before it is stopped and FAILED; Docker bounds it nowhere else
 * @param diskCheckInterval how often the writable layer of every running job is measured
 */
@ConfigurationProperties("slipway.worker")
public record WorkerProperties(
        @Nullable String id,
        int slots,
        List<String> pools,
        Duration pullTimeout,
        Duration stopGracePeriod,
        List<String> capabilities,
        Duration retention,
        Duration drainTimeout,
        Map<String, String> labels,
        DataSize maxDisk,
        Duration diskCheckInterval,
        Fleet fleet,
        Log log,
        Lease lease,
        Recovery recovery,
        Retry retry,
        Jobs jobs) {

    public WorkerProperties {
        if (slots < 1) {
            throw new IllegalArgumentException("slipway.worker.slots must be at least 1, was " + slots);
        }
        pools = pools == null || pools.isEmpty() ? List.of(JobTopology.DEFAULT_POOL) : List.copyOf(pools);
        pools.forEach(JobTopology::queueFor); // fails start-up on a pool name no queue can carry
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
        retention = retention == null ? Duration.ZERO : retention;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        if (lease != null && lease.heartbeatInterval().compareTo(lease.duration()) >= 0) {
            throw new IllegalArgumentException(
                    "slipway.worker.lease.heartbeat-interval must be shorter than lease.duration");
        }
        if (lease != null
                && recovery != null
                && recovery.sweepInterval().multipliedBy(2).compareTo(lease.maxSilence()) > 0) {
            // A sweep that finds no other sweep within lease.duration - heartbeat-interval takes
            // Redis for having been away from everybody (and grants every lease a term): sweeps
            // must come well within that, or leases would be granted for ever.
            throw new IllegalArgumentException("slipway.worker.recovery.sweep-interval must be at most half of"
                    + " lease.duration minus lease.heartbeat-interval");
        }
    }

    public WorkerId workerId() {
        if (id != null && !id.isBlank()) {
            return WorkerId.of(id);
        }
        try {
            return WorkerId.of(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            return WorkerId.of(System.getenv().getOrDefault("HOSTNAME", "worker"));
        }
    }

    /**
     * How output is collected.
     *
     * @param batchWindow the longest a printed line waits before it is written to Redis
     * @param batchMaxLines lines per Redis stream entry at most
     * @param batchMaxSize bytes of text per Redis stream entry at most (one line may go past it);
     *     with the line count it bounds what one entry, and one read of many, can weigh
     * @param maxLineLength longer lines are split into pieces of this size
     * @param cap output kept per attempt; past it lines are counted, not kept
     * @param bufferLimit output held in memory while Redis is slow or away; past it the container's
     *     output is not read (so the container blocks on writing) until Redis catches up
     */
    public record Log(
            Duration batchWindow,
            int batchMaxLines,
            DataSize batchMaxSize,
            DataSize maxLineLength,
            DataSize cap,
            DataSize bufferLimit) {}

    /**
     * The lease a worker holds on each job it runs.
     *
     * @param duration how long a lease lasts without renewal: a worker silent this long is taken for lost
     * @param heartbeatInterval how often the worker renews its leases (and learns of cancels)
     * @param settlePatience how long the worker keeps trying to record an attempt's end while Redis is away
     */
    public record Lease(Duration duration, Duration heartbeatInterval, Duration settlePatience) {

        /**
         * How long a worker can go without reaching Redis before one of its leases may run out: a
         * lease renewed just before the silence lasts its duration, less one heartbeat. A worker
         * silent this long fences its attempts; a sweep that finds every worker was silent this
         * long grants all leases a full term.
         */
        public Duration maxSilence() {
            return duration.minus(heartbeatInterval);
        }
    }

    /**
     * The periodic work every worker shares.
     *
     * @param sweepInterval how often expired leases are looked for and due retries published
     * @param reapInterval how often this host's containers are checked against their jobs
     * @param deadLetterInterval how often the dead-letter queue is emptied, failing the jobs of its messages
     * @param reconcileAfter a job QUEUED this long, with nothing scheduled and no message in its queue,
     *     is published again (checked four times as often)
     */
    public record Recovery(
            Duration sweepInterval, Duration reapInterval, Duration deadLetterInterval, Duration reconcileAfter) {}

    /**
     * The worker's entry in the registry, and when it stops taking jobs for its host's sake.
     *
     * @param forgetAfter a worker that stopped heartbeating is dropped from the registry this long after its last heartbeat
     * @param minFreeMemory below this much available memory on the host, take no new jobs
     * @param minFreeDisk below this much free space where Docker keeps its data, take no new jobs
     */
    public record Fleet(Duration forgetAfter, DataSize minFreeMemory, DataSize minFreeDisk) {}

    /**
     * What this worker accepts of a job, checked again here whatever the gateway let through.
     *
     * @param maxCpus the largest CPU share a job may ask for
     * @param maxMemoryMb the largest memory limit, in MiB
     * @param maxPidsLimit the largest process limit
     * @param defaultUser the user job containers run as when the job names none; the image's when empty
     * @param network the Docker network job containers join, made by the worker (a bridge on which
     *     containers cannot reach one another) when missing; Docker's default bridge when empty
     */
    public record Jobs(
            double maxCpus,
            long maxMemoryMb,
            long maxPidsLimit,
            @Nullable String defaultUser,
            @Nullable String network) {

        public Jobs {
            defaultUser = defaultUser == null || defaultUser.isBlank() ? null : defaultUser;
            network = network == null || network.isBlank() ? null : network;
        }
    }

    /**
     * Backoff between attempts after a platform failure: initial, doubled each time, at most max.
     */
    public record Retry(Duration initialBackoff, Duration maxBackoff) {}
}
