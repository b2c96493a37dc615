package dev.slipway.gateway.artifact;

import dev.slipway.artifacts.ObjectKey;
import dev.slipway.model.JobId;

/** Where a job's artifact lies in the store: {@code jobs/<id>/<path>}, as the workers put it. */
final class ArtifactKeys {

    private ArtifactKeys() {}

    static ObjectKey of(JobId job, String path) {
        return ObjectKey.of("jobs", job.value()).child(path);
    }
}
