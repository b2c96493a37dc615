package dev.slipway.worker.execution;

import dev.slipway.model.JobId;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An attempt this worker is running, as other threads see it: heartbeats, cancel requests and
 * shutdown ask it to stop from outside the thread that runs it. The first reason to stop wins.
 *
 * <p>It also remembers when its lease was last confirmed, so that a worker cut off from Redis can
 * fence itself: {@link #fence()} pauses the container before the lease may have run out (another
 * worker may then run the job), and {@link #unfence()} lets it go on once the lease is known to
 * hold. Both return at once: the engine calls run in order on a thread of the attempt's own, so
 * that a slow engine holds up neither the lease renewals nor the fencing of other attempts.
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
        LOST,
        /** The job wrote more to its container's filesystem than the worker allows: stop, then FAILED. */
        DISK_LIMIT
    }

    private final JobId job;
    private final int attempt;
    private final ContainerRuntime runtime;
    private final Duration gracePeriod;
    private final AtomicReference<@Nullable StopReason> stopReason = new AtomicReference<>();
    private volatile @Nullable String containerId;
    private volatile long leaseConfirmedNanos;
    /** Whether the container should be paused for want of a lease: the last fence decision. */
    private volatile boolean fenceWanted;
    /** When the last fence was decided (System.nanoTime). */
    private volatile long fencedAtNanos;
    /** The container had exited when a fence was tried: there is nothing left to pause. */
    private volatile boolean exited;
    /** Pauses and resumes, in the order they were decided, off the callers' threads. */
    private final ExecutorService engineCalls;

    private volatile Consumer<String> notes = note -> {};
    /** Its end is recorded (or given up): a renewal that now answers "lost" only saw the settlement. */
    private volatile boolean settled;

    /** @param claimSentNanos when the claim that recorded the attempt's first lease was sent (System.nanoTime) */
    RunningAttempt(JobId job, int attempt, ContainerRuntime runtime, Duration gracePeriod, long claimSentNanos) {
        this.job = job;
        this.attempt = attempt;
        this.runtime = runtime;
        this.gracePeriod = gracePeriod;
        this.leaseConfirmedNanos = claimSentNanos;
        this.engineCalls = Executors.newSingleThreadExecutor(
                Thread.ofVirtual().name("fence-" + job).factory());
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
     * Asks the attempt to stop: SIGTERM, then SIGKILL after the grace period; at once (SIGKILL) for
     * an attempt that was {@link StopReason#LOST lost}, since another attempt runs the job now.
     * Returns at once; the thread running the attempt sees the container exit and records the
     * outcome.
     */
    public void requestStop(StopReason reason) {
        if (!stopReason.compareAndSet(null, reason)) {
            return;
        }
        log.info("Stopping job {} attempt {}: {}", job, attempt, reason);
        String container = containerId;
        if (container != null) {
            stopInBackground(container, reason == StopReason.LOST ? Duration.ZERO : gracePeriod);
        }
    }

    /** Where notes for the job's log go (the attempt's log collector), once there is one. */
    void notesTo(Consumer<String> sink) {
        notes = sink;
    }

    /** The lease was renewed by a call sent at {@code sentAtNanos} (System.nanoTime). */
    public void leaseConfirmed(long sentAtNanos) {
        leaseConfirmedNanos = Math.max(leaseConfirmedNanos, sentAtNanos);
    }

    /** How long since the lease was last known to be renewed. */
    public Duration sinceLeaseConfirmed() {
        return Duration.ofNanos(System.nanoTime() - leaseConfirmedNanos);
    }

    /**
     * Pauses the container, because the lease may run out before this worker can renew it: the
     * attempt must not go on while another may take its place. Returns at once; the pause follows
     * on the attempt's own thread. False when already fenced, when there is no container (yet), when
     * it has exited, or when it is being stopped anyway.
     */
    public synchronized boolean fence() {
        String container = containerId;
        if (fenceWanted || exited || container == null || stopReason.get() != null) {
            return false;
        }
        fenceWanted = true;
        fencedAtNanos = System.nanoTime();
        engineCalls.execute(() -> pause(container));
        return true;
    }

    private void pause(String container) {
        if (!fenceWanted) {
            return; // the lease was confirmed before the pause came round
        }
        try {
            if (!runtime.pause(container)) {
                exited = true; // nothing runs in it any more: nothing to fence
                fenceWanted = false;
            }
        } catch (RuntimeException e) {
            log.error("Could not pause the container of job {} attempt {}; trying again", job, attempt, e);
            fenceWanted = false; // the next fence check tries again
        }
    }

    /**
     * Lets a fenced container go on, its lease confirmed, and says so in the job's log. Returns at
     * once; the resume follows on the attempt's own thread, after any pause still under way.
     *
     * @return how long it was fenced; zero when it was not
     */
    public synchronized Duration unfence() {
        String container = containerId;
        if (!fenceWanted || container == null) {
            return Duration.ZERO;
        }
        fenceWanted = false;
        Duration paused = Duration.ofNanos(System.nanoTime() - fencedAtNanos);
        engineCalls.execute(() -> resume(container, paused));
        return paused;
    }

    private void resume(String container, Duration paused) {
        try {
            runtime.resume(container);
            notes.accept("this worker could not reach Redis to renew the job's lease, so the job was paused for "
                    + paused.toMillis() + " ms, until the lease was renewed");
        } catch (RuntimeException e) {
            log.error("Could not resume the container of job {} attempt {}", job, attempt, e);
        }
    }

    public boolean fenced() {
        return fenceWanted;
    }

    /** The attempt is over: its fencing thread ends once what was decided is done. */
    void release() {
        engineCalls.shutdown();
    }

    void markSettled() {
        settled = true;
    }

    /** Whether the attempt's end has been recorded; its lease no longer matters. */
    public boolean settled() {
        return settled;
    }

    /** The container, once created; null before (and for an attempt stopped before it had one). */
    public @Nullable String containerId() {
        return containerId;
    }

    /** Records the container; false when a stop was asked for before it existed, so it must not start. */
    boolean containerCreated(String id) {
        containerId = id;
        return stopReason.get() == null;
    }

    private void stopInBackground(String container, Duration grace) {
        Thread.ofVirtual().name("stop-" + job).start(() -> {
            try {
                runtime.stop(container, grace);
            } catch (RuntimeException e) {
                log.warn("Could not stop container {} of job {}: {}", container, job, e.getMessage());
            }
        });
    }
}
