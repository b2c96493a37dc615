package dev.slipway.worker.execution;

import dev.slipway.model.JobId;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** The attempts this worker runs right now: what heartbeats renew, cancels stop and shutdown drains. */
@Component
public class ActiveAttempts {

    private final Map<JobId, RunningAttempt> running = new ConcurrentHashMap<>();

    RunningAttempt register(
            JobId job, int attempt, ContainerRuntime runtime, Duration gracePeriod, long claimSentNanos) {
        RunningAttempt started = new RunningAttempt(job, attempt, runtime, gracePeriod, claimSentNanos);
        running.put(job, started);
        return started;
    }

    void remove(RunningAttempt attempt) {
        running.remove(attempt.job(), attempt);
        attempt.release();
    }

    public Optional<RunningAttempt> find(JobId job) {
        return Optional.ofNullable(running.get(job));
    }

    public Collection<RunningAttempt> all() {
        return List.copyOf(running.values());
    }

    public boolean isEmpty() {
        return running.isEmpty();
    }

    /** Whether this worker runs exactly this attempt of the job. */
    public boolean runs(JobId job, int attempt) {
        RunningAttempt current = running.get(job);
        return current != null && current.attempt() == attempt;
    }
}
