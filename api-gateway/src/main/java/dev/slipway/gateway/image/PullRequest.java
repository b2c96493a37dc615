package dev.slipway.gateway.image;

import dev.slipway.gateway.job.ImageReference;
import dev.slipway.gateway.job.PoolName;
import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;

/** Pull this image onto every live worker of this pool. */
record PullRequest(
        @NotBlank(message = "is required") @ImageReference @Nullable
        String image,

        @NotBlank(message = "is required") @PoolName @Nullable
        String pool) {}
