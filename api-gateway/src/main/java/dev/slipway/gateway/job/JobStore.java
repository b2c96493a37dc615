package dev.slipway.gateway.job;

import dev.slipway.model.JobId;
import dev.slipway.model.JobRecord;
import dev.slipway.model.JobState;
import dev.slipway.model.JobTransition;
import dev.slipway.model.JobUpdate;
import dev.slipway.model.JobView;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The gateway's view of the job records that gateway and workers share. */
public interface JobStore {

    /**
     * Records a new QUEUED job, its secrets and its first state event, unless its owner already has
     * {@code maxActiveJobs} jobs queued, running or cancelling: checked in the same atomic step, so two
     * submissions cannot both take the last place. Returns a token for {@link #withdraw}.
     *
     * @throws ActiveJobLimitException when the owner is at their limit; nothing is recorded
     */
    String create(JobView job, Map<String, String> secrets, int maxActiveJobs);

    /** A job for {@link #createAll}: what {@link #create} takes, as one value. */
    record NewJob(JobView job, Map<String, String> secrets, int maxActiveJobs) {}

    /**
     * What recording one job of a {@link #createAll} batch came to: the token {@link #create} returns,
     * or the exception it would have thrown.
     */
    record Recorded(@Nullable String token, @Nullable RuntimeException failure) {

        public static Recorded created(String token) {
            return new Recorded(token, null);
        }

        public static Recorded failed(RuntimeException failure) {
            return new Recorded(null, failure);
        }
    }

    /**
     * Records each job as {@link #create} does, each in its own atomic step (so the active-job limit
     * holds between them too), but all in one round trip: concurrent submissions are accepted in
     * batches. Returns one answer per job, in order; fails as a whole only when the store could not
     * be asked at all.
     */
    default List<Recorded> createAll(List<NewJob> jobs) {
        List<Recorded> answers = new ArrayList<>(jobs.size());
        for (NewJob job : jobs) {
            try {
                answers.add(Recorded.created(create(job.job(), job.secrets(), job.maxActiveJobs())));
            } catch (RuntimeException e) {
                answers.add(Recorded.failed(e));
            }
        }
        return answers;
    }

    /**
     * Removes a job created by {@link #create} whose message the broker did not confirm, leaving no
     * trace of it, unless a worker already claimed it (the message got through after all).
     *
     * @return true when the job is gone, false when it was kept because it is running (or ended)
     */
    boolean withdraw(JobView job, String createToken);

    /**
     * RabbitMQ confirmed the job's first message: drops the dispatch entry that would have had a
     * worker publish the job had the confirm never come, unless the job already waits for a retry,
     * whose entry it then is.
     */
    void dropFirstDispatch(JobId id);

    /** {@link #dropFirstDispatch} for many jobs, in one round trip where the store can. */
    default void dropFirstDispatches(List<JobId> ids) {
        ids.forEach(this::dropFirstDispatch);
    }

    /**
     * Moves the job by compare-and-set: reads its record, asks {@code decide} for the move, and
     * applies it only if the job did not change meanwhile, deciding again when it did.
     */
    JobUpdate update(JobId id, Function<JobRecord, Optional<JobTransition>> decide);

    /** Tells the worker running the job to look at it now (a cancel); a hint, its heartbeat is the guarantee. */
    void signalCancel(JobId id);

    Optional<JobView> find(JobId id);

    /**
     * Jobs newest first.
     *
     * @param owner only this user's jobs, or everyone's when null
     * @param state only jobs in this state, or all when null
     * @param after the cursor: only jobs older than this one, or from the newest when null
     */
    List<JobView> list(@Nullable String owner, @Nullable JobState state, @Nullable JobId after, int limit);

    /** Writes every line the job printed so far as UTF-8 text, stdout and stderr in the order they were printed. */
    void writeLog(JobId id, OutputStream out) throws IOException;
}
