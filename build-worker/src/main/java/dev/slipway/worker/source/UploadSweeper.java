package dev.slipway.worker.source;

import dev.slipway.artifacts.ArtifactStore;
import dev.slipway.artifacts.ObjectKey;
import dev.slipway.model.JobSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deletes uploads past their expiry: a day after they were uploaded, or once the records of the
 * jobs that used them are gone. Every worker sweeps; an upload is deleted by the one that takes it
 * off the index, only while it is still due, so a job accepted with it meanwhile keeps it.
 */
@Component
public class UploadSweeper {

    private static final int BATCH = 100;
    private static final Duration RETRY = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(UploadSweeper.class);

    private final UploadExpiry expiry;
    private final ArtifactStore store;
    private final Clock clock;

    UploadSweeper(UploadExpiry expiry, ArtifactStore store, Clock clock) {
        this.expiry = expiry;
        this.store = store;
        this.clock = clock;
    }

    public void sweep() {
        Instant now = clock.instant();
        for (String id : expiry.dueBy(now, BATCH)) {
            if (!expiry.claim(id, now)) {
                continue;
            }
            try {
                store.delete(ObjectKey.of(JobSource.uploadObjectKey(id)));
                expiry.forget(id);
                log.info("Upload {} expired: deleted", id);
            } catch (RuntimeException e) {
                log.warn("Deleting expired upload {} failed; trying again later: {}", id, e.toString());
                expiry.retryLater(id, RETRY);
            }
        }
    }
}
