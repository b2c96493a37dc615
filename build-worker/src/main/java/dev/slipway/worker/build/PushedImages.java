package dev.slipway.worker.build;

import dev.slipway.model.JobId;
import dev.slipway.model.PushedImage;
import java.util.List;

/** Where the images a build pushed are recorded, for the job's view. */
public interface PushedImages {

    /** Records them on the job, if {@code attempt} is still its current attempt. */
    void record(JobId job, int attempt, List<PushedImage> images);
}
