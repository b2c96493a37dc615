package dev.slipway.worker.artifacts;

import dev.slipway.model.ArtifactFile;
import dev.slipway.model.JobId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The listing of the jobs' artifacts, which gateways read, and the index of what each attempt
 * stored and when it expires, which the sweepers read. An attempt's files live under a prefix of
 * their own, so that an attempt that lost its lease unknowingly cannot overwrite the current one's.
 */
public interface ArtifactRecords {

    /** Enters an attempt's files in the expiry index before they are stored, so that none is ever left unswept. */
    void willStore(JobId job, int attempt, Instant expiresAt);

    /**
     * Lists what an attempt kept, replacing an earlier attempt's listing, unless a later attempt
     * holds the job.
     *
     * @return whether it was listed
     */
    boolean record(JobId job, int attempt, List<ArtifactFile> files, Instant expiresAt);

    /** Attempts whose files expired by {@code now}, at most {@code limit}. */
    List<StoredAttempt> expiredBy(Instant now, int limit);

    /** Takes an attempt off the index if it is still due; true for the one sweeper that did. */
    boolean claimExpired(StoredAttempt attempt, Instant now);

    /** Puts an attempt back on the index, due again after {@code delay} (its deletion failed). */
    void retryLater(StoredAttempt attempt, Duration delay);

    /** Drops the job's listing if it is still this attempt's. */
    void forgetIfListing(StoredAttempt attempt);

    /** One attempt's files in the store. */
    record StoredAttempt(JobId job, int attempt) {}
}
