package dev.slipway.gateway.job;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A job's artifact rules as a client sends them, GitLab's shape:
 * {@code {"paths":["out/*.rpm"],"exclude":["**}{@code /*.tmp"],"when":"on_success","expireIn":"P7D"}}.
 * The patterns themselves are checked by {@link JobSpecFactory}, which names the one at fault.
 */
record ArtifactsRequest(
        @NotEmpty(message = "is required: at least one pattern")
        @Size(max = 32, message = "must have at most 32 patterns")
        @Nullable
        List<@NotNull(message = "must not contain null patterns") String> paths,

        @Size(max = 32, message = "must have at most 32 patterns") @Nullable
        List<@NotNull(message = "must not contain null patterns") String> exclude,

        @Pattern(regexp = "on_success|on_failure|always", message = "must be on_success, on_failure or always")
        @Nullable
        String when,

        @Nullable String expireIn) {}
