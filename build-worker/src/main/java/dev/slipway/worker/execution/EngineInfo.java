package dev.slipway.worker.execution;

/**
 * The Docker engine of this worker's host, as it describes itself.
 *
 * @param architecture the host's CPU architecture as Docker names it ({@code x86_64}, {@code aarch64})
 * @param osType {@code linux} or {@code windows}
 * @param rootDir where the engine keeps images and containers (its disk is the one that fills up)
 */
public record EngineInfo(
        String version, String architecture, String osType, int cpus, long memoryBytes, String rootDir) {}
