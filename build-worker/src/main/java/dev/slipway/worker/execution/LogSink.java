package dev.slipway.worker.execution;

import dev.slipway.model.JobId;
import dev.slipway.model.JobState;
import dev.slipway.model.LogLine;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Where a job's output goes: one durable, ordered, replayable log per job. */
public interface LogSink {

    /** Appends lines as one entry; throws when the store is unreachable (the caller retries). */
    void append(JobId job, int attempt, List<LogLine> lines);

    /** Appends the end marker that tells readers nothing follows. */
    void end(JobId job, int attempt, JobState state, @Nullable Integer exitCode);
}
