package dev.slipway.gateway.identity;

import org.jspecify.annotations.Nullable;

/**
 * A user's own limits; a limit left null is the configured default's.
 *
 * @param maxActiveJobs jobs queued or running at once
 * @param maxEnvironments environments that are not over (removed, expired or failed)
 * @param maxEnvironmentCpus CPU cores of the environments that run or are about to
 * @param maxEnvironmentMemoryMb memory limits (MiB) of the environments that run or are about to
 */
public record Quotas(
        @Nullable Integer maxActiveJobs,
        @Nullable Integer maxEnvironments,
        @Nullable Double maxEnvironmentCpus,
        @Nullable Long maxEnvironmentMemoryMb) {

    public static final Quotas DEFAULTS = new Quotas(null, null, null, null);

    /** These quotas, with every limit that {@code changes} sets replaced. */
    public Quotas with(Quotas changes) {
        return new Quotas(
                changes.maxActiveJobs() != null ? changes.maxActiveJobs() : maxActiveJobs,
                changes.maxEnvironments() != null ? changes.maxEnvironments() : maxEnvironments,
                changes.maxEnvironmentCpus() != null ? changes.maxEnvironmentCpus() : maxEnvironmentCpus,
                changes.maxEnvironmentMemoryMb() != null ? changes.maxEnvironmentMemoryMb() : maxEnvironmentMemoryMb);
    }
}
