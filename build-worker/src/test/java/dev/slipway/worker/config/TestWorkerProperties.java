package dev.slipway.worker.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.util.unit.DataSize;

/** Worker settings for tests that build the worker's parts by hand: one slot, short timeouts. */
public final class TestWorkerProperties {

    private TestWorkerProperties() {}

    /** Settings of a worker with this id, the given capabilities and the jobs' limits of the defaults. */
    public static WorkerProperties of(String id, List<String> capabilities) {
        return new WorkerProperties(
                id,
                1,
                List.of(),
                Duration.ofMinutes(1),
                Duration.ofSeconds(1),
                capabilities,
                Duration.ZERO,
                Duration.ZERO,
                Map.of(),
                DataSize.ofGigabytes(10),
                Duration.ofSeconds(15),
                null,
                null,
                null,
                null,
                null,
                new WorkerProperties.Jobs(4, 8192, 4096, null, null));
    }
}
