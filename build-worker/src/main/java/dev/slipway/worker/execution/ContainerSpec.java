package dev.slipway.worker.execution;

import dev.slipway.model.Resources;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A container to create for one attempt of a job.
 *
 * @param entrypoint replaces the image's entrypoint when not null
 * @param command the arguments (Docker's CMD) when not null
 * @param capabilities the Linux capabilities kept; all others are dropped
 * @param user the user to run as ({@code docker run --user}); the image's when null
 * @param network the network to join ({@code none} for none); Docker's default bridge when null
 */
public record ContainerSpec(
        String image,
        @Nullable List<String> entrypoint,
        @Nullable List<String> command,
        Map<String, String> env,
        @Nullable String workdir,
        Resources resources,
        Map<String, String> labels,
        List<String> capabilities,
        @Nullable String user,
        @Nullable String network) {}
