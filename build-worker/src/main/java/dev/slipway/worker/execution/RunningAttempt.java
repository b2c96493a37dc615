package dev.slipway.worker.execution;

import dev.slipway.model.JobId;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An attempt this worker is running, as other threads see it: heartbeats, cancel requests and
 * shutdown ask it to stop from outside the thread that runs it. The first reason to stop wins.
 */
public final class RunningAttempt {

    private static final Logger log = LoggerFactory.getLogger(RunningAttempt.class);

    /** Why the worker stops an attempt before its container exits by itself. */
    public enum StopReason {
        /** A cancel was asked for: stop, then record CANCELLED. */
        CANCEL,
        /** The worker shuts down: stop, then give the job back to the queue. */
        HAND_BACK,
        /** Another attempt has taken over (our lease ran out): stop, and record nothing. */
        LOST
    }

    private final JobId job;
    private final int attempt;
    private final ContainerRuntime runtime;
    private final Duration gracePeriod;
    private final AtomicReference<@Nullable StopReason> stopReason = new AtomicReference<>();
    private volatile @Nullable String containerId;

    RunningAttempt(JobId job, int attempt, ContainerRuntime runtime, Duration gracePeriod) {
        this.job = job;
        this.attempt = attempt;
        this.runtime = runtime;
        this.gracePeriod = gracePeriod;
    }

    public JobId job() {
        return job;
    }

    public int attempt() {
        return attempt;
    }

    public @Nullable StopReason stopReason() {
        return stopReason.get();
    }

    /**
     * Asks the attempt to stop: SIGTERM, then SIGKILL after the grace period. Returns at once; the
     * thread running the attempt sees the container exit and records the outcome.
     */
    public void requestStop(StopReason reason) {
        if (!stopReason.compareAndSet(null, reason)) {
            return;
        }
        log.info("Stopping job {} attempt {}: {}", job, attempt, reason);
        String container = containerId;
        if (container != null) {
            stopInBackground(container);
        }
    }

    /** Records the container; false when a stop was asked for before it existed, so it must not start. */
    boolean containerCreated(String id) {
        containerId = id;
        return stopReason.get() == null;
    }

    private void stopInBackground(String container) {
        Thread.ofVirtual().name("stop-" + job).start(() -> {
            try {
                runtime.stop(container, gracePeriod);
            } catch (RuntimeException e) {
                log.warn("Could not stop container {} of job {}: {}", container, job, e.getMessage());
            }
        });
    }
}
