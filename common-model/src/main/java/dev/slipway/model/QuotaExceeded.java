package dev.slipway.model;

/**
 * A create or start refused for the owner's quota.
 *
 * @param limit the quota's name, e.g. {@code maxEnvironmentCpus}
 * @param max the quota, in its unit (CPU cores, MiB, environments)
 * @param usage what the owner's environments hold now, in the same unit
 */
public record QuotaExceeded(String limit, double max, double usage) {}
