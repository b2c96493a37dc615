package dev.slipway.gateway.image;

import dev.slipway.model.ImagePullProgress;
import java.time.Instant;
import java.util.Map;

/**
 * A pull an operator asked of every live worker of a pool, with how each worker's part goes.
 *
 * @param workers by worker id
 */
public record ImagePull(
        String id,
        String image,
        String pool,
        String requestedBy,
        Instant requestedAt,
        Map<String, ImagePullProgress> workers) {

    public ImagePull {
        workers = Map.copyOf(workers);
    }
}
