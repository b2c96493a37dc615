package dev.slipway.worker.artifacts;

import dev.slipway.model.ArtifactFile;
import dev.slipway.model.ArtifactSpec;
import dev.slipway.model.JobId;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Keeps an attempt's artifacts: enters them in the expiry index, collects them from the archive of
 * its working directory, stores them, and lists them, unless a later attempt holds the job; or,
 * past a per-job limit, keeps none and says so, for the job to fail with the limit named rather
 * than pass with files silently missing.
 */
@Service
public class ArtifactKeeper {

    private final ArtifactCollector collector;
    private final ArtifactRecords records;
    private final ArtifactLimits limits;
    private final Clock clock;

    ArtifactKeeper(ArtifactCollector collector, ArtifactRecords records, ArtifactLimits limits, Clock clock) {
        this.collector = collector;
        this.records = records;
        this.limits = limits;
        this.clock = clock;
    }

    /** @param archive the tar of the job's working directory, as the engine gives it; closed here */
    public Kept keep(JobId job, int attempt, ArtifactSpec rules, InputStream archive) throws IOException {
        Instant expiresAt = clock.instant().plusSeconds(rules.expireInSeconds());
        records.willStore(job, attempt, expiresAt); // first: files stored by a worker that then dies are swept too
        Collected collected;
        try (archive) {
            collected = collector.collect(
                    job, attempt, rules, archive, limits.maxTotal().toBytes());
        }
        return switch (collected) {
            case Collected.Kept kept -> {
                if (!records.record(job, attempt, kept.files(), expiresAt)) {
                    yield new Kept(Optional.empty(), "artifacts not listed: a later attempt holds the job");
                }
                long bytes = kept.files().stream().mapToLong(ArtifactFile::size).sum();
                yield new Kept(
                        Optional.empty(),
                        "artifacts kept: " + kept.files().size() + " files, " + bytes + " bytes"
                                + (kept.skipped().isEmpty() ? "" : "; not kept: " + String.join(", ", kept.skipped())));
            }
            case Collected.OverLimit over -> {
                records.record(job, attempt, List.of(), clock.instant());
                yield new Kept(
                        Optional.of("the job's artifacts exceed " + over.limit() + ", reached at " + over.path()
                                + "; none were kept"),
                        "artifacts over the limit: none kept");
            }
        };
    }

    /** An attempt whose end keeps no artifacts: its listing (empty) replaces an earlier attempt's. */
    public void keepNone(JobId job, int attempt) {
        records.record(job, attempt, List.of(), clock.instant());
    }

    /**
     * What keeping came to.
     *
     * @param failure why the job must fail, when it must
     * @param note a line for the job's log
     */
    public record Kept(Optional<String> failure, String note) {}
}
