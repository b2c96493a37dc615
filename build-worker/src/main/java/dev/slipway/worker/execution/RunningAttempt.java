package dev.slipway.worker.execution;

import dev.slipway.model.JobId;
import java.time.Duration;
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
 * hold.
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
    /** When the container was paused for want of a lease (System.nanoTime), or 0 while it is not. */
    private long fencedAtNanos;
    /** The container had exited when a fence was tried: there is nothing left to pause. */
    private boolean exited;

    private volatile Consumer<String> notes = note -> {};
    /** Its end is recorded (or given up): a renewal that now answers "lost" only saw the settlement. */
    private volatile boolean settled;

    RunningAttempt(JobId job, int attempt, ContainerRuntime runtime, Duration gracePeriod) {
        this.job = job;
        this.attempt = attempt;
        this.runtime = runtime;
        this.gracePeriod = gracePeriod;
        // the claim that made this attempt recorded its first lease just now
        this.leaseConfirmedNanos = System.nanoTime();
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
     * attempt must not go on while another may take its place. False when already fenced, when
     * there is no container (yet) or when it is being stopped anyway.
     */
    public synchronized boolean fence() {
        String container = containerId;
        if (fencedAtNanos != 0 || exited || container == null || stopReason.get() != null) {
            return false;
        }
        if (!runtime.pause(container)) {
            exited = true;
            return false;
        }
        fencedAtNanos = System.nanoTime();
        return true;
    }

    /**
     * Lets a fenced container go on, its lease confirmed, and says so in the job's log.
     *
     * @return how long it was paused; zero when it was not
     */
    public synchronized Duration unfence() {
        String container = containerId;
        if (fencedAtNanos == 0 || container == null) {
            return Duration.ZERO;
        }
        Duration paused = Duration.ofNanos(System.nanoTime() - fencedAtNanos);
        runtime.resume(container);
        fencedAtNanos = 0;
        notes.accept("this worker could not reach Redis to renew the job's lease, so the job was paused for "
                + paused.toMillis() + " ms, until the lease was renewed");
        return paused;
    }

    public synchronized boolean fenced() {
        return fencedAtNanos != 0;
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
