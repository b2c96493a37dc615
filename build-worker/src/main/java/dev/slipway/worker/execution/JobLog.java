package dev.slipway.worker.execution;

import dev.slipway.model.JobId;

/** Where a job's output goes: one durable, ordered, replayable log per job. */
public interface JobLog {

    /**
     * Appends one chunk of lines, in {@link dev.slipway.model.LogChunkText}'s form, as one entry,
     * unless the attempt is no longer the job's current one (then the lines are dropped: a fenced
     * attempt must not add to the log). Throws when the store is unreachable (the caller retries).
     */
    void append(JobId job, int attempt, byte[] chunk);
}
