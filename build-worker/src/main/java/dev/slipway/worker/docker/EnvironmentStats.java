package dev.slipway.worker.docker;

import static dev.slipway.worker.docker.EngineCalls.closeQuietly;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.CpuStatsConfig;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.StatisticNetworksConfig;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.StatsConfig;
import dev.slipway.worker.environment.ContainerGoneException;
import dev.slipway.worker.environment.StatsSample;
import dev.slipway.worker.execution.ContainerRuntimeException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One {@code docker stats} sample of a container, with the arithmetic of the {@code docker} CLI.
 * Asked without streaming, the engine reads the container's counters twice about a second apart and
 * answers the second reading with the first beside it ({@code precpu_stats}), which is what a CPU
 * share needs; so the call takes that second, on the client without a response timeout, with a
 * deadline of its own.
 */
final class EnvironmentStats {

    private final DockerClient streams;
    private final Duration timeout;

    EnvironmentStats(DockerClient streams, Duration timeout) {
        this.streams = streams;
        this.timeout = timeout;
    }

    Optional<StatsSample> sample(String containerId) {
        Reading reading = EngineCalls.call(
                "reading the stats of container " + containerId,
                () -> streams.statsCmd(containerId).withNoStream(true).exec(new Reading()));
        try {
            if (!reading.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ContainerRuntimeException(
                        "reading the stats of container " + containerId + ": no answer within " + timeout, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException("interrupted reading the stats of container " + containerId, e);
        }
        Throwable failure = reading.failure;
        if (failure instanceof NotFoundException gone) {
            throw new ContainerGoneException(containerId, gone);
        }
        if (failure != null) {
            throw EngineCalls.engineFailure(
                    "reading the stats of container " + containerId,
                    failure instanceof RuntimeException e ? e : new RuntimeException(failure));
        }
        Statistics statistics = reading.statistics;
        if (statistics == null || !running(statistics)) {
            return Optional.empty();
        }
        Traffic network = Traffic.of(statistics.getNetworks());
        MemoryStatsConfig memory = statistics.getMemoryStats();
        return Optional.of(new StatsSample(
                cpuPercent(statistics.getCpuStats(), statistics.getPreCpuStats()),
                memoryUsed(memory),
                orZero(memory.getLimit()),
                statistics.getPidsStats() == null
                        ? 0
                        : orZero(statistics.getPidsStats().getCurrent()),
                network.rx(),
                network.tx()));
    }

    /** A container that does not run is answered at once with empty counters: no limit, no pids. */
    private static boolean running(Statistics statistics) {
        MemoryStatsConfig memory = statistics.getMemoryStats();
        return memory != null && memory.getLimit() != null && memory.getLimit() > 0;
    }

    /**
     * As {@code docker stats}: the container's CPU time over the host's between the two readings,
     * times the host's CPUs, so that one busy core is 100 %.
     */
    static double cpuPercent(@Nullable CpuStatsConfig now, @Nullable CpuStatsConfig before) {
        if (now == null || before == null) {
            return 0;
        }
        double cpuDelta = (double) cpuTime(now) - cpuTime(before);
        double systemDelta = (double) orZero(now.getSystemCpuUsage()) - orZero(before.getSystemCpuUsage());
        long cpus = orZero(now.getOnlineCpus());
        if (cpus == 0 && now.getCpuUsage() != null && now.getCpuUsage().getPercpuUsage() != null) {
            cpus = now.getCpuUsage().getPercpuUsage().size(); // engines before API 1.27 do not say
        }
        if (systemDelta <= 0 || cpuDelta <= 0) {
            return 0;
        }
        return cpuDelta / systemDelta * cpus * 100.0;
    }

    private static long cpuTime(CpuStatsConfig cpu) {
        return cpu.getCpuUsage() == null ? 0 : orZero(cpu.getCpuUsage().getTotalUsage());
    }

    /**
     * As {@code docker stats}: the usage less the inactive page cache, which the kernel drops before
     * it kills anything; under cgroup v1 that is {@code total_inactive_file}, under v2 {@code inactive_file}.
     */
    static long memoryUsed(@Nullable MemoryStatsConfig memory) {
        if (memory == null) {
            return 0;
        }
        long usage = orZero(memory.getUsage());
        StatsConfig details = memory.getStats();
        if (details == null) {
            return usage;
        }
        Long cgroupV1 = details.getTotalInactiveFile();
        if (cgroupV1 != null) {
            return cgroupV1 < usage ? usage - cgroupV1 : usage;
        }
        long cgroupV2 = orZero(details.getInactiveFile());
        return cgroupV2 < usage ? usage - cgroupV2 : usage;
    }

    /** Received and sent bytes, over every network the container is on (none: zero). */
    private record Traffic(long rx, long tx) {

        static Traffic of(@Nullable Map<String, StatisticNetworksConfig> networks) {
            long rx = 0;
            long tx = 0;
            if (networks != null) {
                for (StatisticNetworksConfig network : networks.values()) {
                    rx += orZero(network.getRxBytes());
                    tx += orZero(network.getTxBytes());
                }
            }
            return new Traffic(rx, tx);
        }
    }

    private static long orZero(@Nullable Long value) {
        return value == null ? 0 : value;
    }

    /** Keeps the one sample a non-streaming stats call answers. */
    private static final class Reading extends ResultCallback.Adapter<Statistics> {

        volatile @Nullable Statistics statistics;
        volatile @Nullable Throwable failure;

        @Override
        public void onNext(Statistics next) {
            statistics = next;
        }

        /** Kept for {@link #sample}, which decides what it means; docker-java's own would log it at ERROR. */
        @Override
        public void onError(Throwable throwable) {
            failure = throwable;
            closeQuietly(this);
        }
    }
}
