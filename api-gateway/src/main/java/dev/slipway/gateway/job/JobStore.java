package dev.slipway.gateway.job;

import dev.slipway.model.JobId;
import dev.slipway.model.JobState;
import dev.slipway.model.JobView;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The gateway's view of the job records that gateway and workers share. */
public interface JobStore {

    /** Records a new QUEUED job and its first state event; returns a token for {@link #withdraw}. */
    String create(JobView job);

    /** Removes a job created by {@link #create} that was never queued, leaving no trace of it. */
    void withdraw(JobId id, String createToken);

    /** RabbitMQ confirmed the job's message: the dispatch entry kept in case it never would is dropped. */
    void published(JobId id);

    /**
     * Asks for a job to be cancelled: a QUEUED job ends CANCELLED at once; a RUNNING one becomes
     * CANCELLING and its worker is signalled; a CANCELLING one stays so.
     */
    CancelResult cancel(JobId id, Instant now);

    /** What a cancel did, and the job's state after it. */
    record CancelResult(Outcome outcome, JobState state) {
        public enum Outcome { CANCELLED, CANCELLING, ALREADY_FINISHED, NOT_FOUND }
    }

    Optional<JobView> find(JobId id);

    /**
     * Jobs newest first.
     *
     * @param state only jobs in this state, or all when null
     * @param after the cursor: only jobs older than this one, or from the newest when null
     */
    List<JobView> list(@Nullable JobState state, @Nullable JobId after, int limit);

    /** Writes every line the job printed so far as UTF-8 text, stdout and stderr in the order they were printed. */
    void writeLog(JobId id, OutputStream out) throws IOException;
}
