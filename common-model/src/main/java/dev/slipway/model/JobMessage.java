package dev.slipway.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The body of a message on a pool's job queue.
 *
 * @param version the schema version; a worker rejects versions it does not know to the dead-letter queue
 * @param attempt the attempt this message dispatches (1 for the first); a worker claims it only while
 *     the job waits for exactly that attempt, so a duplicate or stale message is acknowledged and
 *     ignored. 0 (absent in older messages) means whichever attempt is next.
 */
public record JobMessage(int version, JobId jobId, JobSpec spec, int attempt) {

    public static final int CURRENT_VERSION = 1;

    /** Reads messages published before attempts were numbered: no attempt means whichever is next. */
    @JsonCreator
    static JobMessage fromJson(
            @JsonProperty("version") int version,
            @JsonProperty("jobId") JobId jobId,
            @JsonProperty("spec") JobSpec spec,
            @JsonProperty("attempt") @Nullable Integer attempt) {
        return new JobMessage(version, jobId, spec, attempt == null ? 0 : attempt);
    }

    public static JobMessage first(JobId jobId, JobSpec spec) {
        return new JobMessage(CURRENT_VERSION, jobId, spec, 1);
    }

    public static JobMessage forAttempt(JobId jobId, JobSpec spec, int attempt) {
        return new JobMessage(CURRENT_VERSION, jobId, spec, attempt);
    }
}
