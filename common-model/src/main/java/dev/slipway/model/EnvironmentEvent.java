package dev.slipway.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** What the environment streams in Redis carry, as JSON entries: its state changes, and its stats samples. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = EnvironmentEvent.StateChanged.class, name = "state"),
    @JsonSubTypes.Type(value = EnvironmentEvent.Stats.class, name = "stats")
})
public sealed interface EnvironmentEvent {

    EnvironmentId environmentId();

    /** The environment moved; written to its event stream. */
    record StateChanged(
            EnvironmentId environmentId,
            @Nullable EnvironmentState from,
            EnvironmentState to,
            @Nullable WorkerId workerId,
            @Nullable String error,
            Instant at,
            String owner)
            implements EnvironmentEvent {}

    /**
     * One sample of the container's usage, written to its stats stream while someone watches.
     *
     * @param cpuPercent of one core (200 is two cores busy)
     */
    record Stats(
            EnvironmentId environmentId,
            Instant at,
            double cpuPercent,
            long memoryBytes,
            long memoryLimitBytes,
            long pids,
            long networkRxBytes,
            long networkTxBytes)
            implements EnvironmentEvent {}
}
