package dev.slipway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class WireJsonTest {

    private final JsonMapper json = JsonMapper.builder().build();

    private static final JobId ID = JobId.of("019a5f3c-7d2e-7a41-9b3c-1f2e3d4c5b6a");

    private static JobSpec spec() {
        return new JobSpec(
                "registry.example.com:5000/team/builder:1.2",
                List.of("echo hello", "uname -a"),
                null,
                Map.of("LANG", "C.UTF-8"),
                "/work",
                new Resources(0.5, 256, 128),
                600,
                "default",
                Map.of("arch", "x86_64"),
                3,
                Map.of(),
                List.of(),
                null,
                0,
                null);
    }

    @Test
    void jobMessageSurvivesARoundTrip() {
        JobMessage message = JobMessage.first(ID, spec());

        String text = json.writeValueAsString(message);

        assertThat(json.readValue(text, JobMessage.class)).isEqualTo(message);
        assertThat(text).contains("\"version\":1", "\"jobId\":\"" + ID.value() + "\"");
    }

    @Test
    void jobViewSurvivesARoundTripWithInstantsAsIsoText() {
        JobView view = new JobView(
                ID,
                JobState.FAILED,
                "admin",
                spec(),
                1,
                1,
                WorkerId.of("host-a"),
                2,
                null,
                Instant.parse("2026-11-24T10:00:00.123Z"),
                Instant.parse("2026-11-24T10:00:01Z"),
                Instant.parse("2026-11-24T10:00:02Z"),
                null,
                Instant.parse("2026-11-24T10:00:02Z"),
                java.util.List.of());

        String text = json.writeValueAsString(view);

        assertThat(json.readValue(text, JobView.class)).isEqualTo(view);
        assertThat(text).contains("\"createdAt\":\"2026-11-24T10:00:00.123Z\"", "\"workerId\":\"host-a\"");
    }

    @Test
    void eventsDeserializeToTheirSealedSubtypeByTypeName() {
        List<JobEvent> events = List.of(
                new JobEvent.StateChanged(
                        ID, 1, JobState.QUEUED, JobState.RUNNING, WorkerId.of("w"), null, null, Instant.EPOCH, "admin"),
                new JobEvent.LogEnd(ID, 1, JobState.SUCCEEDED, 0));

        for (JobEvent event : events) {
            String text = json.writeValueAsString(event);
            JobEvent back = json.readValue(text, JobEvent.class);
            assertThat(back).isEqualTo(event);
            String expectedType = switch (back) {
                case JobEvent.StateChanged s -> "state";
                case JobEvent.LogEnd e -> "end";
            };
            assertThat(text).contains("\"type\":\"" + expectedType + "\"");
        }
    }

    @Test
    void jobIdRejectsTextThatIsNotAUuid() {
        assertThatThrownBy(() -> JobId.of("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThat(JobId.isWellFormed("nope")).isFalse();
        assertThat(JobId.isWellFormed(ID.value())).isTrue();
    }

    @Test
    void queueNamesAreDerivedFromValidPoolNamesOnly() {
        assertThat(JobTopology.queueFor("gpu-large")).isEqualTo("slipway.jobs.pool.gpu-large");
        assertThatThrownBy(() -> JobTopology.queueFor("Bad Pool")).isInstanceOf(IllegalArgumentException.class);
    }
}
