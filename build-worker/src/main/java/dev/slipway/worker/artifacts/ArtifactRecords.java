package dev.slipway.worker.artifacts;

import dev.slipway.model.ArtifactFile;
import dev.slipway.model.JobId;
import java.time.Instant;
import java.util.List;

/** The listing of the jobs' artifacts and their expiry, which gateways read. */
public interface ArtifactRecords {

    /** Records what a job kept (replacing what an earlier attempt kept), expiring at {@code expiresAt}. */
    void record(JobId job, List<ArtifactFile> files, Instant expiresAt);

    /** Forgets what a job kept (an attempt that kept none, or over the limit, after one that did). */
    void forget(JobId job);

    /** Jobs whose artifacts expired by {@code now}, at most {@code limit}. */
    List<JobId> expiredBy(Instant now, int limit);

    /** Takes an expired job off the expiry index; true for the one sweeper that did. */
    boolean claimExpired(JobId job);
}
