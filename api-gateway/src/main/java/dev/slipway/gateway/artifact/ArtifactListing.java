package dev.slipway.gateway.artifact;

import dev.slipway.model.ArtifactFile;
import dev.slipway.model.JobId;
import java.util.List;

/** The files a job kept, as its worker listed them. */
public interface ArtifactListing {

    /** Sorted by path; empty when it kept none (or they expired). */
    List<ArtifactFile> of(JobId job);
}
