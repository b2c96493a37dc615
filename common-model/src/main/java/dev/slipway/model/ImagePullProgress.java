package dev.slipway.model;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How one worker's pull of an image goes, as it reports it while pulling.
 *
 * @param layersDone layers downloaded and extracted, or already on the host
 * @param layersTotal layers the engine named so far (it names them as it goes)
 * @param bytesDone bytes of the layers downloaded so far
 * @param bytesTotal bytes of the layers whose size the engine told so far
 * @param error why it failed, when it did
 */
public record ImagePullProgress(
        State state,
        int layersDone,
        int layersTotal,
        long bytesDone,
        long bytesTotal,
        @Nullable String error,
        Instant updatedAt) {

    public enum State {
        /** The worker was asked and has not begun (its queue holds the request). */
        QUEUED,
        PULLING,
        DONE,
        FAILED
    }
}
