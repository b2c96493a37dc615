package dev.slipway.worker.environment;

/**
 * What an environment's container uses, as {@code docker stats} shows it.
 *
 * @param cpuPercent the share of one CPU used over the last second or so: 100 is one full core,
 *     200 two (at most the template's {@code cpus} times 100)
 * @param memoryUsedBytes memory in use, without the page cache the kernel may drop at will
 * @param memoryLimitBytes the container's memory limit (the template's {@code memoryMb})
 * @param pids processes and threads now
 * @param networkRxBytes received on all its networks since it started
 * @param networkTxBytes sent on all its networks since it started
 */
public record StatsSample(
        double cpuPercent,
        long memoryUsedBytes,
        long memoryLimitBytes,
        long pids,
        long networkRxBytes,
        long networkTxBytes) {}
