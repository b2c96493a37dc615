package dev.slipway.worker.docker;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import dev.slipway.model.Resources;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one host configuration every container Slipway makes for users runs with, jobs and
 * environments alike: its limits, every capability dropped but those configured, no privilege
 * gained through setuid files, no host files, and its network.
 */
final class Hardening {

    private static final long MIB = 1024L * 1024L;

    private Hardening() {}

    static HostConfig hostConfig(Resources limits, List<String> capabilities, @Nullable String network) {
        return HostConfig.newHostConfig()
                .withMemory(limits.memoryMb() * MIB)
                .withMemorySwap(limits.memoryMb() * MIB) // equal to memory: no swap on top
                .withNanoCPUs(Math.round(limits.cpus() * 1_000_000_000d))
                .withPidsLimit(limits.pidsLimit())
                .withPrivileged(false)
                .withCapDrop(Capability.ALL)
                .withCapAdd(capabilities.stream().map(Capability::valueOf).toArray(Capability[]::new))
                .withSecurityOpts(List.of("no-new-privileges"))
                // Job output is read through the attach stream, environments have none worth keeping;
                // the engine's own copy (json-file by default, uncapped) would only fill /var/lib/docker.
                .withLogConfig(new LogConfig(LogConfig.LoggingType.NONE))
                .withNetworkMode(network);
    }
}
