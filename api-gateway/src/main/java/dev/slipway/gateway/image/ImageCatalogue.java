package dev.slipway.gateway.image;

import dev.slipway.model.HostImage;
import dev.slipway.model.ImagePullProgress;
import dev.slipway.model.WorkerId;
import java.util.Map;
import java.util.Optional;

/** What the workers report of their hosts' images, and the record of each pull. */
public interface ImageCatalogue {

    /** The template images a worker's host has, by reference; empty when it stopped reporting. */
    Map<String, HostImage> imagesOf(WorkerId worker);

    /** Records a new pull with each worker's part QUEUED; it is forgotten a day later. */
    void recordPull(ImagePull pull);

    /** Marks one worker's part of a pull. */
    void progress(String pullId, WorkerId worker, ImagePullProgress progress);

    Optional<ImagePull> findPull(String pullId);
}
