package dev.slipway.worker.fleet;

import dev.slipway.worker.execution.ContainerRuntime;
import dev.slipway.worker.execution.ContainerRuntimeException;
import dev.slipway.worker.execution.EngineInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.util.unit.DataSize;

/**
 * Tells whether this host can take another job: the Docker engine answers, the host has enough
 * available memory, and the disk where Docker keeps its data has room. Memory and disk are read on
 * this machine, so they are checked only when the engine runs here (a local socket).
 */
record HostPressure(
        ContainerRuntime runtime, Path meminfo, boolean engineIsLocal, DataSize minFreeMemory, DataSize minFreeDisk) {

    /** Whether the Docker engine is on this machine, judged by {@code DOCKER_HOST} as docker-java reads it. */
    static boolean engineIsLocal(String dockerHost) {
        return dockerHost.isBlank() || dockerHost.startsWith("unix://");
    }

    /**
     * Reads the engine and the host.
     *
     * @return the engine's description, or empty with the problem when the engine does not answer
     */
    Reading read() {
        EngineInfo engine;
        try {
            engine = runtime.engineInfo();
        } catch (ContainerRuntimeException e) {
            return new Reading(Optional.empty(), Optional.of("the Docker engine does not answer: " + e.getMessage()));
        }
        return new Reading(Optional.of(engine), problemOf(engine));
    }

    record Reading(Optional<EngineInfo> engine, Optional<String> problem) {}

    private Optional<String> problemOf(EngineInfo engine) {
        if (!engineIsLocal) {
            return Optional.empty();
        }
        OptionalLong available = availableMemory();
        if (available.isPresent() && available.getAsLong() < minFreeMemory.toBytes()) {
            return Optional.of("available memory " + mib(available.getAsLong()) + " is below the minimum of "
                    + mib(minFreeMemory.toBytes()));
        }
        Path root = Path.of(engine.rootDir());
        if (Files.isDirectory(root)) {
            long free = root.toFile().getUsableSpace();
            if (free < minFreeDisk.toBytes()) {
                return Optional.of("free disk at " + root + " " + mib(free) + " is below the minimum of "
                        + mib(minFreeDisk.toBytes()));
            }
        }
        return Optional.empty();
    }

    /** MemAvailable of /proc/meminfo: what the kernel can give without swapping (page cache counts). */
    private OptionalLong availableMemory() {
        try {
            for (String line : Files.readAllLines(meminfo)) {
                if (line.startsWith("MemAvailable:")) {
                    String kib = line.substring("MemAvailable:".length())
                            .replace("kB", "")
                            .trim();
                    return OptionalLong.of(Long.parseLong(kib) * 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or an unusual kernel: nothing to judge by
        }
        return OptionalLong.empty();
    }

    private static String mib(long bytes) {
        return (bytes / (1024 * 1024)) + " MiB";
    }
}
