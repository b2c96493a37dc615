package dev.slipway.model;

/**
 * Limits applied to a job's container.
 *
 * @param cpus CPU share in cores (Docker {@code --cpus}), e.g. {@code 0.5}
 * @param memoryMb memory limit in MiB; swap is limited to the same amount
 * @param pidsLimit the most processes the container may have at once
 */
public record Resources(double cpus, long memoryMb, long pidsLimit) {}
