package dev.slipway.model;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A job of kind {@code image}: its source is the build context, built with the engine's classic
 * builder into an image tagged with every tag, then pushed when {@code push}.
 *
 * @param dockerfile the Dockerfile's path inside the context
 * @param username who the push signs in to the registry as, with {@code passwordSecret}; neither
 *     set: the worker's configured credentials for the registry, if any
 * @param passwordSecret the name of the job's secret holding the registry password or token
 */
public record ImageBuildSpec(
        String dockerfile,
        Map<String, String> buildArgs,
        List<String> tags,
        boolean push,
        @Nullable String username,
        @Nullable String passwordSecret) {

    public ImageBuildSpec {
        buildArgs = Map.copyOf(buildArgs);
        tags = List.copyOf(tags);
    }
}
