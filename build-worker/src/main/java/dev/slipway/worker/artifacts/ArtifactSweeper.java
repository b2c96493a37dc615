package dev.slipway.worker.artifacts;

import dev.slipway.artifacts.ArtifactStore;
import dev.slipway.worker.artifacts.ArtifactRecords.StoredAttempt;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deletes artifacts past their expiry, an attempt at a time. Every worker sweeps; an attempt is
 * deleted by the one that claims it off the index (only while it is still due), and one whose
 * deletion failed is put back, due again a minute later, without holding up the others.
 */
@Component
public class ArtifactSweeper {

    private static final int BATCH = 100;
    private static final Duration RETRY = Duration.ofMinutes(1);
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
        Instant now = clock.instant();
        for (StoredAttempt attempt : records.expiredBy(now, BATCH)) {
            if (!records.claimExpired(attempt, now)) {
                continue; // another sweeper took it, or it was stored again meanwhile
            }
            try {
                store.deleteAll(ArtifactCollector.prefixOf(attempt.job(), attempt.attempt()));
                records.forgetIfListing(attempt);
                log.info("Artifacts of job {} attempt {} expired: deleted", attempt.job(), attempt.attempt());
            } catch (RuntimeException e) {
                log.warn(
                        "Deleting the expired artifacts of job {} failed; trying again later: {}",
                        attempt.job(),
                        e.toString());
                records.retryLater(attempt, RETRY);
            }
        }
    }
}
