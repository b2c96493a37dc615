package dev.slipway.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EnvironmentWireTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final EnvironmentId id = EnvironmentId.of("019ae0c4-7a3b-7c2d-8e4f-0123456789ab");

    @Test
    void environmentRoutesNeverMeetAJobRoute() {
        String create = EnvironmentTopology.createRoute("default", Map.of());
        String constrained = EnvironmentTopology.createRoute("default", Map.of("arch", "arm64"));
        String worker = EnvironmentTopology.workerRoute(WorkerId.of("default"));

        assertThat(List.of(create, constrained, worker))
                .doesNotHaveDuplicates()
                .allSatisfy(
                        route -> assertThat(JobTopology.POOL_NAME.matcher(route).matches())
                                .as("%s is no pool name", route)
                                .isFalse())
                .doesNotContain(JobTopology.routeFor("default", Map.of("arch", "arm64")));
        assertThat(constrained).endsWith(JobTopology.routeFor("default", Map.of("arch", "arm64")));
    }

    @Test
    void commandsDeserializeToTheirSealedSubtypeByTypeName() {
        EnvironmentCommand exec =
                new EnvironmentCommand.Exec(id, List.of("sh", "-c", "echo hi"), 30, "slipway:exec-reply:1");

        String text = json.writeValueAsString(exec);

        assertThat(text).contains("\"type\":\"exec\"");
        assertThat(json.readValue(text, EnvironmentCommand.class)).isEqualTo(exec);
        assertThat(json.readValue("{\"type\":\"settle\",\"environmentId\":\"" + id + "\"}", EnvironmentCommand.class))
                .isEqualTo(new EnvironmentCommand.Settle(id));
    }

    @Test
    void anEnvironmentRecordSurvivesARoundTripWithItsTemplateCopy() {
        Instant at = Instant.parse("2026-12-02T10:00:00.123Z");
        EnvironmentTemplate template = new EnvironmentTemplate(
                "busybox-dev",
                "busybox:latest",
                "a box",
                null,
                Map.of("LANG", "C"),
                "/root",
                null,
                List.of("/bin/sh"),
                new Resources(1, 512, 512),
                Duration.ofHours(8),
                Duration.ofDays(7),
                Duration.ofHours(1),
                "default",
                Map.of());
        EnvironmentRecord record = new EnvironmentRecord(
                id,
                "my-box",
                "alice",
                template,
                EnvironmentState.RUNNING,
                WorkerId.of("w1"),
                "abc",
                at,
                at,
                at.plus(Duration.ofHours(8)),
                at,
                "healthy",
                false,
                null);

        EnvironmentRecord back = json.readValue(json.writeValueAsString(record), EnvironmentRecord.class);

        assertThat(back).isEqualTo(record);
        assertThat(back.idleStopAt()).isEqualTo(at.plus(Duration.ofHours(1)));
    }

    @Test
    void onlyStoppedAndEndedEnvironmentsHoldNoResources() {
        assertThat(List.of(EnvironmentState.values()))
                .filteredOn(state -> !EnvironmentRecord.holdsResources(state))
                .containsExactlyInAnyOrder(
                        EnvironmentState.STOPPED,
                        EnvironmentState.EXPIRED,
                        EnvironmentState.REMOVED,
                        EnvironmentState.FAILED);
    }

    @Test
    void leavingRunningDropsTheHealthOfTheContainer() {
        EnvironmentRecord running =
                anEnvironmentRecordAt(EnvironmentState.RUNNING).withHealth("healthy");

        assertThat(running.withState(EnvironmentState.STOPPING, Instant.now()).health())
                .isNull();
    }

    private EnvironmentRecord anEnvironmentRecordAt(EnvironmentState state) {
        EnvironmentTemplate template = new EnvironmentTemplate(
                "t",
                "busybox:latest",
                null,
                null,
                Map.of(),
                null,
                null,
                List.of("/bin/sh"),
                new Resources(1, 256, 64),
                Duration.ofHours(1),
                Duration.ofHours(2),
                null,
                "default",
                Map.of());
        Instant at = Instant.now();
        return new EnvironmentRecord(
                id, "box", "alice", template, state, null, null, at, at, at, at, null, false, null);
    }
}
