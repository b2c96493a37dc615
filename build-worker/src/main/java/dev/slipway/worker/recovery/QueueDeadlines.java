package dev.slipway.worker.recovery;

import dev.slipway.model.JobId;
import java.time.Instant;
import java.util.List;

/** Jobs waiting for their first attempt, by when their queue timeout runs out. */
public interface QueueDeadlines {

    /**
     * A job whose queue timeout ran out.
     *
     * @param pool its pool, or null when its record is gone
     */
    record Overdue(
            JobId job, @org.jspecify.annotations.Nullable String pool, long timeoutSeconds) {}

    /** Jobs whose queue timeout ran out by {@code now}, oldest first. */
    List<Overdue> due(Instant now, int limit);

    /** The job was taken, has ended or expired: it is no longer watched. */
    void forget(JobId job);
}
