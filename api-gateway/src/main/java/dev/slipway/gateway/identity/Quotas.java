package dev.slipway.gateway.identity;

import org.jspecify.annotations.Nullable;

/**
 * A user's own limits; a limit left null is the configured default's.
 *
 * @param maxActiveJobs jobs queued or running at once
 */
public record Quotas(@Nullable Integer maxActiveJobs) {

    public static final Quotas DEFAULTS = new Quotas(null);

    /** These quotas, with every limit that {@code changes} sets replaced. */
    public Quotas with(Quotas changes) {
        return new Quotas(changes.maxActiveJobs() != null ? changes.maxActiveJobs() : maxActiveJobs);
    }
}
