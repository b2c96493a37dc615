package dev.slipway.worker.artifacts;

import dev.slipway.model.ArtifactSpec;
import dev.slipway.model.JobId;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Keeps an attempt's artifacts: collects them from the archive of its working directory, stores
 * them, and lists them with their expiry; or, past the per-job limit, keeps none and says so, for
 * the job to fail with the limit named rather than pass with files silently missing.
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

    /**
     * @param archive the tar of the job's working directory, as the engine gives it; closed here
     * @return why the job must fail, or empty when what its rules asked for is kept
     */
    public Optional<String> keep(JobId job, ArtifactSpec rules, InputStream archive) throws IOException {
        Collected collected;
        try (archive) {
            collected = collector.collect(job, rules, archive, limits.maxTotal().toBytes());
        }
        return switch (collected) {
            case Collected.Kept kept -> {
                records.record(job, kept.files(), clock.instant().plusSeconds(rules.expireInSeconds()));
                yield Optional.empty();
            }
            case Collected.OverLimit over -> {
                records.forget(job);
                yield Optional.of("the job's artifacts exceed the limit of " + over.limitBytes() / (1024 * 1024)
                        + " MiB per job (slipway.worker.artifacts.max-total), reached at " + over.path()
                        + "; none were kept");
            }
        };
    }

    /** An attempt whose end keeps no artifacts: what an earlier attempt kept goes. */
    public void keepNone(JobId job) {
        records.record(job, List.of(), clock.instant());
    }
}
