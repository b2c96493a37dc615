package dev.slipway.gateway.job;

import dev.slipway.model.JobSpecRules;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A job as a client submits it: everything optional but the image, checked field by field. {@link
 * JobSpecFactory} turns it into a {@link dev.slipway.model.JobSpec} with the defaults applied.
 */
record JobRequest(
        @ImageReference @Nullable String image,

        @Size(min = 1, message = "must have at least one line") @Nullable
        List<@NotNull(message = "must not contain null lines") String> script,

        @Size(min = 1, message = "must have at least one argument") @Nullable
        List<@NotNull(message = "must not contain null arguments") String> command,

        @EnvironmentNames @Nullable Map<String, @NotNull(message = "must not be null") String> env,

        @Pattern(regexp = "/.*", message = "must be an absolute path") @Nullable
        String workdir,

        @Valid @Nullable ResourcesRequest resources,
        @Positive(message = "must be positive") @Nullable Long timeoutSeconds,

        @PoolName @Nullable String pool,

        @Size(max = 32, message = "must have at most 32 entries") @Nullable
        Map<String, @NotNull(message = "must not be null") String> labels,

        @Min(value = 1, message = "must be at least 1") @Nullable
        Integer maxAttempts,

        @Size(max = 16, message = "must have at most 16 entries") @Nullable
        Map<String, @NotBlank(message = "must not be blank") String> constraints,

        @EnvironmentNames @Size(max = 64, message = "must have at most 64 entries") @Nullable
        Map<
                        String,
                        @NotNull(message = "must not be null") @Size(max = 65536, message = "must be at most 64 KiB")
                        String>
                secrets,

        @Pattern(
                regexp = JobSpecRules.USER_PATTERN,
                message = "must be a user name or uid, optionally ':' and a group name or gid")
        @Nullable
        String user,

        @Positive(message = "must be positive") @Nullable Long queueTimeoutSeconds,

        @Pattern(regexp = "none", message = "must be 'none' (no network) or left out (the workers' job network)")
        @Nullable
        String network,

        @Valid @Nullable ArtifactsRequest artifacts,

        @Pattern(regexp = "container|image", message = "must be container (the default) or image") @Nullable
        String kind,

        @Valid @Nullable SourceRequest source,

        @Size(max = 1024, message = "must be at most 1024 characters") @Nullable
        String dockerfile,

        @EnvironmentNames @Size(max = 64, message = "must have at most 64 entries") @Nullable
        Map<String, @NotNull(message = "must not be null") String> buildArgs,

        @Size(max = 16, message = "must have at most 16 tags") @Nullable
        List<@NotBlank(message = "must not be blank") @ImageReference String> tags,

        @Nullable Boolean push,

        @Valid @Nullable RegistryAuthRequest registryAuth) {

    /** Whether this is an image build rather than a container job. */
    boolean buildsImage() {
        return "image".equals(kind);
    }

    /** Secrets must never reach a log: a request printed shows their names only. */
    @Override
    public String toString() {
        return "JobRequest[image=" + image + ", pool=" + pool + ", secrets="
                + (secrets == null ? "[]" : secrets.keySet()) + "]";
    }
}
