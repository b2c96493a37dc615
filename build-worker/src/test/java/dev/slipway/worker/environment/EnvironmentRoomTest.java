package dev.slipway.worker.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.EnvironmentId;
import dev.slipway.model.EnvironmentRecord;
import dev.slipway.model.EnvironmentState;
import dev.slipway.model.EnvironmentTemplate;
import dev.slipway.model.Resources;
import dev.slipway.testing.TestTemplates;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class EnvironmentRoomTest {

    private final EnvironmentRoom room = new EnvironmentRoom(new EnvironmentSettings(
            3,
            DataSize.ofMegabytes(1000),
            Duration.ofSeconds(5),
            Duration.ofMinutes(1),
            DataSize.ofMegabytes(1),
            Duration.ofMinutes(2),
            false));

    @Test
    void aNewEnvironmentFitsWhileTheCountAndTheMemoryOfThoseHoldingResourcesAllowIt() {
        List<EnvironmentRecord> hosted = List.of(hosted(400, EnvironmentState.RUNNING));

        assertThat(room.fits(hosted, template(600))).isTrue();
        assertThat(room.fits(hosted, template(601)))
                .as("past the memory budget")
                .isFalse();
    }

    @Test
    void aStoppedEnvironmentHoldsNoMemoryButCountsTowardsTheMaximum() {
        List<EnvironmentRecord> hosted =
                List.of(hosted(900, EnvironmentState.STOPPED), hosted(900, EnvironmentState.STOPPED));

        assertThat(room.fits(hosted, template(900))).isTrue();
        List<EnvironmentRecord> full = List.of(
                hosted(10, EnvironmentState.STOPPED),
                hosted(10, EnvironmentState.STOPPED),
                hosted(10, EnvironmentState.LOST));
        assertThat(room.fits(full, template(10)))
                .as("three hosted is the maximum")
                .isFalse();
        assertThat(room.anyRoom(full.size())).isFalse();
    }

    @Test
    void lostAndStartingEnvironmentsHoldTheirMemory() {
        List<EnvironmentRecord> hosted =
                List.of(hosted(500, EnvironmentState.LOST), hosted(400, EnvironmentState.STARTING));

        assertThat(room.fits(hosted, template(101))).isFalse();
        assertThat(room.fits(hosted, template(100))).isTrue();
    }

    private static EnvironmentRecord hosted(long memoryMb, EnvironmentState state) {
        Instant now = Instant.now();
        return new EnvironmentRecord(
                EnvironmentId.of(UUID.randomUUID().toString()),
                "e",
                "alice",
                template(memoryMb),
                state,
                null,
                null,
                now,
                now,
                now.plusSeconds(3600),
                now,
                null,
                false,
                null);
    }

    private static EnvironmentTemplate template(long memoryMb) {
        return TestTemplates.busybox(new Resources(1, memoryMb, 64), null);
    }
}
