package dev.slipway.worker.artifacts;

import dev.slipway.artifacts.ArtifactStore;
import dev.slipway.artifacts.ObjectKey;
import dev.slipway.model.JobId;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deletes artifacts past their expiry. Every worker sweeps; the expiry index is the claim, so each
 * job's are deleted by one, and a sweeper that dies midway leaves the rest to the next sweep (a
 * deletion is idempotent).
 */
@Component
public class ArtifactSweeper {

    private static final int BATCH = 100;
    private static final Logger log = LoggerFactory.getLogger(ArtifactSweeper.class);

    private final ArtifactRecords records;
    private final ArtifactStore store;
    private final Clock clock;

    ArtifactSweeper(ArtifactRecords records, ArtifactStore store, Clock clock) {
        this.records = records;
        this.store = store;
        this.clock = clock;
    }

    public void sweep() {
        for (JobId job : records.expiredBy(clock.instant(), BATCH)) {
            store.deleteAll(ObjectKey.of("jobs", job.value()));
            records.forget(job);
            if (records.claimExpired(job)) {
                log.info("Artifacts of job {} expired: deleted", job);
            }
        }
    }
}
