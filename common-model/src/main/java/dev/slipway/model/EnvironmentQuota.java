package dev.slipway.model;

/** The limits a create or start is checked against, atomically with the change. */
public record EnvironmentQuota(int maxEnvironments, double maxCpus, long maxMemoryMb) {}
