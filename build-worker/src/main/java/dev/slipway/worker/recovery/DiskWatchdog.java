package dev.slipway.worker.recovery;

import dev.slipway.worker.config.WorkerProperties;
import dev.slipway.worker.execution.ActiveAttempts;
import dev.slipway.worker.execution.ContainerRuntime;
import dev.slipway.worker.execution.RunningAttempt;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Stops a job that writes more than {@code slipway.worker.max-disk} to its container's own
 * filesystem. Docker bounds memory, CPU and processes, but not the writable layer (only some storage
 * drivers can, with options most hosts lack), so a {@code yes > file} would fill /var/lib/docker for
 * every job on the host. Measured on a thread of its own: a large layer takes the engine a while.
 */
@Component
record DiskWatchdog(ActiveAttempts active, ContainerRuntime runtime, WorkerProperties properties) {

    private static final Logger log = LoggerFactory.getLogger(DiskWatchdog.class);

    void check() {
        long limit = properties.maxDisk().toBytes();
        for (RunningAttempt attempt : active.all()) {
            String container = attempt.containerId();
            if (container == null || attempt.stopReason() != null) {
                continue;
            }
            OptionalLong written;
            try {
                written = runtime.writableLayerBytes(container);
            } catch (RuntimeException e) {
                log.warn(
                        "Could not measure what job {} wrote ({}); trying again next time",
                        attempt.job(),
                        e.toString());
                continue; // the others are still measured
            }
            if (written.isPresent() && written.getAsLong() > limit) {
                log.warn(
                        "Job {} attempt {} wrote {} bytes to its container's filesystem, over the limit of {}; stopping it",
                        attempt.job(),
                        attempt.attempt(),
                        written.getAsLong(),
                        properties.maxDisk());
                attempt.requestStop(RunningAttempt.StopReason.DISK_LIMIT);
            }
        }
    }
}
