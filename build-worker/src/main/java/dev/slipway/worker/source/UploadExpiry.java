package dev.slipway.worker.source;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The index of uploads by when they expire, as the sweeper needs it. */
public interface UploadExpiry {

    /** Ids of uploads due by {@code now}, at most {@code limit}. */
    List<String> dueBy(Instant now, int limit);

    /** Takes an upload off the index if it is still due (no job claimed it meanwhile); true for the one caller that did. */
    boolean claim(String uploadId, Instant now);

    /** Removes the upload's record, once its bytes are gone. */
    void forget(String uploadId);

    /** Puts an upload whose deletion failed back on the index, due again after {@code delay}. */
    void retryLater(String uploadId, Duration delay);
}
