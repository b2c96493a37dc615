package dev.slipway.gateway.environment;

import dev.slipway.gateway.job.PoolName;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What a user asks for: an environment from a template, with a name of their own and a lifetime
 * (ISO-8601, at most the template's {@code maxTtl}; the template's {@code ttl} when left out).
 */
record EnvironmentRequest(
        @NotBlank(message = "is required") @PoolName @Nullable
        String template,

        @Size(max = 100, message = "must be at most 100 characters") @Nullable
        String name,

        @Nullable Duration ttl) {}
