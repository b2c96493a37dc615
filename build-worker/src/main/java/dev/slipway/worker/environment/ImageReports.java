package dev.slipway.worker.environment;

import dev.slipway.model.HostImage;
import dev.slipway.model.ImagePullProgress;
import dev.slipway.model.WorkerId;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Where a worker tells the image catalogue what its host has, and how the pulls it was asked for go. */
public interface ImageReports {

    /** The images the installation's templates name now. */
    Set<String> templateImages();

    /** Replaces what the worker's host has of them; the report lapses after {@code lifetime} unless renewed. */
    void report(WorkerId worker, List<HostImage> images, Duration lifetime);

    /** Records how the worker's part of a pull goes. */
    void progress(String pullId, WorkerId worker, ImagePullProgress progress);
}
