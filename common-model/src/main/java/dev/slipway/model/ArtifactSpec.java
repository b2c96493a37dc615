package dev.slipway.model;

import java.util.List;

/**
 * Which files of the job's working directory are kept once its script ended, as GitLab's
 * {@code artifacts}: those matching one of {@code paths} and none of {@code exclude}
 * ({@link ArtifactGlob}), when the attempt ended as {@code when} says, kept {@code expireInSeconds}.
 */
public record ArtifactSpec(List<String> paths, List<String> exclude, ArtifactWhen when, long expireInSeconds) {

    public ArtifactSpec {
        paths = List.copyOf(paths);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }

    /** Whether a file at {@code path} (relative to the working directory, {@code /}-separated) is kept. */
    public boolean keeps(String path) {
        return paths.stream().anyMatch(glob -> ArtifactGlob.of(glob).matches(path))
                && exclude.stream().noneMatch(glob -> ArtifactGlob.of(glob).matches(path));
    }
}
