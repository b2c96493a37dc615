package dev.slipway.gateway.artifact;

import dev.slipway.artifacts.ObjectKey;
import dev.slipway.model.JobId;

/** Where an attempt's artifact lies in the store: {@code jobs/<id>/<attempt>/<path>}, as the workers put it. */
final class ArtifactKeys {

    private ArtifactKeys() {}

    static ObjectKey of(JobId job, int attempt, String path) {
        return ObjectKey.of("jobs", job.value(), String.valueOf(attempt)).child(path);
    }
}
