package dev.slipway.gateway.artifact;

import dev.slipway.model.ArtifactFile;
import dev.slipway.model.JobId;
import java.util.List;
import java.util.Optional;

/** The files a job kept, as its worker listed them: nothing once they expired. */
public interface ArtifactListing {

    /** Sorted by path; empty when it kept none (or they expired). */
    List<ArtifactFile> of(JobId job);

    /** One file, with the attempt whose files hold it. */
    Optional<Listed> find(JobId job, String path);

    /** @param attempt the attempt that stored it: its files lie under {@code jobs/<id>/<attempt>} */
    record Listed(ArtifactFile file, int attempt) {}

    /** The attempt the listing is of, when there is one that has not expired. */
    Optional<Integer> attempt(JobId job);
}
