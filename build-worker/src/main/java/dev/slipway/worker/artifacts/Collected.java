package dev.slipway.worker.artifacts;

import dev.slipway.model.ArtifactFile;
import java.util.List;

/** What collecting a job's artifacts came to. */
public sealed interface Collected {

    /** The files kept, stored; perhaps none. */
    record Kept(List<ArtifactFile> files) implements Collected {}

    /** Together they passed the per-job limit: none is kept. */
    record OverLimit(long limitBytes, String path) implements Collected {}
}
