package dev.slipway.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class WorkerStatusTest {

    private static final Instant BEAT = Instant.parse("2026-11-26T10:00:00Z");

    private static WorkerStatus status(WorkerState state, Map<String, String> labels) {
        return new WorkerStatus(
                WorkerId.of("w1"),
                "host-1",
                List.of("default"),
                labels,
                2,
                List.of(),
                state,
                null,
                "28.2.2",
                2,
                24L << 30,
                BEAT.minusSeconds(60),
                BEAT,
                15_000);
    }

    @Test
    void aWorkerSatisfiesConstraintsItsLabelsHoldExactly() {
        WorkerStatus worker = status(WorkerState.ACTIVE, Map.of("arch", "x86_64", "os", "linux"));

        assertThat(JobTopology.satisfies(worker.labels(), Map.of())).isTrue();
        assertThat(JobTopology.satisfies(worker.labels(), Map.of("arch", "x86_64")))
                .isTrue();
        assertThat(JobTopology.satisfies(worker.labels(), Map.of("arch", "x86_64", "os", "linux")))
                .isTrue();
        assertThat(JobTopology.satisfies(worker.labels(), Map.of("arch", "aarch64")))
                .isFalse();
        assertThat(JobTopology.satisfies(worker.labels(), Map.of("gpu", "a100")))
                .isFalse();
    }

    @Test
    void aWorkerIsGoneOnceItsLeasePassesWithoutAHeartbeatOrWhenItSaidSo() {
        WorkerStatus worker = status(WorkerState.ACTIVE, Map.of());

        assertThat(worker.isGoneAt(BEAT.plusMillis(15_000))).isFalse();
        assertThat(worker.isGoneAt(BEAT.plusMillis(15_001))).isTrue();
        assertThat(status(WorkerState.GONE, Map.of()).isGoneAt(BEAT)).isTrue();
    }

    @Test
    void theStatusSurvivesARoundTripAsJson() {
        JsonMapper json = JsonMapper.builder().build();
        WorkerStatus worker = status(WorkerState.PAUSED, Map.of("arch", "x86_64"));

        assertThat(json.readValue(json.writeValueAsString(worker), WorkerStatus.class))
                .isEqualTo(worker);
    }
}
