package dev.slipway.worker.artifacts;

import dev.slipway.artifacts.ArtifactStore;
import dev.slipway.worker.artifacts.ArtifactRecords.StoredAttempt;
import dev.slipway.worker.expiry.ExpirySweep;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/** Deletes artifacts past their expiry, an attempt at a time. */
@Component
public class ArtifactSweeper {

    private final ExpirySweep<StoredAttempt> sweep;

    ArtifactSweeper(ArtifactRecords records, ArtifactStore store, Clock clock) {
        this.sweep = new ExpirySweep<>(
                new ExpiredAttempts(records),
                attempt -> store.deleteAll(ArtifactCollector.prefixOf(attempt.job(), attempt.attempt())),
                attempt -> "artifacts of job " + attempt.job() + " attempt " + attempt.attempt(),
                clock);
    }

    public void sweep() {
        sweep.sweep();
    }

    /** The artifact records' expiry index, in the sweep's terms. */
    private record ExpiredAttempts(ArtifactRecords records) implements ExpirySweep.Index<StoredAttempt> {

        @Override
        public List<StoredAttempt> dueBy(Instant now, int limit) {
            return records.expiredBy(now, limit);
        }

        @Override
        public boolean claim(StoredAttempt attempt, Instant now) {
            return records.claimExpired(attempt, now);
        }

        @Override
        public void forget(StoredAttempt attempt) {
            records.forgetIfListing(attempt);
        }

        @Override
        public void retryLater(StoredAttempt attempt, Duration delay) {
            records.retryLater(attempt, delay);
        }
    }
}
