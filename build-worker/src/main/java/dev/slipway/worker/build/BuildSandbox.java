package dev.slipway.worker.build;

import org.jspecify.annotations.Nullable;

/**
 * What the steps of a build run in: the classic builder runs each in a container of its own, with
 * the engine's defaults for what this does not set (capabilities among them: it cannot drop any).
 *
 * @param network the network the steps join: the worker's job network, or {@code none}
 * @param memoryBytes the memory limit of each step's container
 * @param cpuShares the relative CPU weight of each step's container (1024 for one CPU)
 */
public record BuildSandbox(@Nullable String network, long memoryBytes, int cpuShares) {}
