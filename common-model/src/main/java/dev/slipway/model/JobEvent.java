package dev.slipway.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a worker or the gateway records about a job as JSON entries of Redis streams (log lines
 * travel in {@link LogChunkText}'s form instead). Every event carries the attempt it belongs to, so
 * that readers (and fencing) can tell attempts apart.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = JobEvent.StateChanged.class, name = "state"),
    @JsonSubTypes.Type(value = JobEvent.LogEnd.class, name = "end")
})
public sealed interface JobEvent {

    JobId jobId();

    int attempt();

    /**
     * The job moved from one state to another; written to the job's and the global event stream.
     *
     * @param owner the job's owner, so that a stream of every job's changes can be narrowed to one user's
     */
    record StateChanged(
            JobId jobId,
            int attempt,
            @Nullable JobState from,
            JobState to,
            @Nullable WorkerId workerId,
            @Nullable Integer exitCode,
            @Nullable String error,
            Instant at,
            String owner)
            implements JobEvent {}

    /** The last entry of a job's log stream: nothing follows it. */
    record LogEnd(
            JobId jobId,
            int attempt,
            JobState state,
            @Nullable Integer exitCode) implements JobEvent {}
}
