package dev.slipway.gateway.environment;

import dev.slipway.gateway.job.EnvironmentNames;
import dev.slipway.gateway.job.ImageReference;
import dev.slipway.gateway.job.PoolName;
import dev.slipway.gateway.job.ResourcesRequest;
import dev.slipway.model.JobSpecRules;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A template as an operator writes it: the image and the name (in the path for a {@code PUT}) are
 * required, the rest has defaults. Durations are ISO-8601 ({@code PT8H}, {@code P7D}).
 * {@link TemplateFactory} checks what spans fields and applies the defaults.
 */
record TemplateRequest(
        @PoolName @Nullable String name,

        @NotBlank(message = "is required") @ImageReference @Nullable
        String image,

        @Size(max = 1024, message = "must be at most 1024 characters") @Nullable
        String description,

        @Size(min = 1, message = "must have at least one argument") @Nullable
        List<@NotNull(message = "must not contain null arguments") String> command,

        @EnvironmentNames @Nullable Map<String, @NotNull(message = "must not be null") String> env,

        @Pattern(regexp = "/.*", message = "must be an absolute path") @Nullable
        String workdir,

        @Pattern(
                regexp = JobSpecRules.USER_PATTERN,
                message = "must be a user name or uid, optionally ':' and a group name or gid")
        @Nullable
        String user,

        @Size(min = 1, message = "must have at least one argument") @Nullable
        List<@NotBlank(message = "must not contain blank arguments") String> shell,

        @Valid @Nullable ResourcesRequest resources,
        @Nullable Duration ttl,
        @Nullable Duration maxTtl,
        @Nullable Duration idleStopAfter,

        @PoolName @Nullable String pool,

        @Size(max = 16, message = "must have at most 16 entries") @Nullable
        Map<String, @NotBlank(message = "must not be blank") String> constraints) {}
