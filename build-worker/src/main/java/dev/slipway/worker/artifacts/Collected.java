package dev.slipway.worker.artifacts;

import dev.slipway.model.ArtifactFile;
import java.util.List;

/** What collecting an attempt's artifacts came to. */
public sealed interface Collected {

    /**
     * The files kept, stored; perhaps none.
     *
     * @param skipped files the rules matched that could not be kept, each with why (a name too long)
     */
    record Kept(List<ArtifactFile> files, List<String> skipped) implements Collected {}

    /** Together they passed a per-job limit ({@code limit} says which): none is kept. */
    record OverLimit(String limit, String path) implements Collected {}
}
