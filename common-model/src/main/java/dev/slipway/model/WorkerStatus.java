package dev.slipway.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A worker's entry in the registry, written by the worker at every heartbeat.
 *
 * @param host the name of the machine the worker runs on
 * @param labels what jobs may ask for in their constraints: {@code arch} and {@code os} of the
 *     Docker host, and whatever the operator configured
 * @param running the jobs it runs now
 * @param reason why it takes no jobs, when it does not
 * @param cpus CPUs of the Docker host, as the engine reports them
 * @param memoryBytes memory of the Docker host, as the engine reports it
 * @param leaseMillis how long it may go without a heartbeat before it is taken for gone
 */
public record WorkerStatus(
        WorkerId id,
        String host,
        List<String> pools,
        Map<String, String> labels,
        int slots,
        List<JobId> running,
        WorkerState state,
        @Nullable String reason,
        String dockerVersion,
        int cpus,
        long memoryBytes,
        Instant startedAt,
        Instant heartbeatAt,
        long leaseMillis) {

    public WorkerStatus {
        pools = List.copyOf(pools);
        labels = Map.copyOf(labels);
        running = List.copyOf(running);
    }

    /** Whether it missed its heartbeats for longer than its lease at {@code now}. */
    public boolean isGoneAt(Instant now) {
        return state == WorkerState.GONE || heartbeatAt.plusMillis(leaseMillis).isBefore(now);
    }
}
