package dev.slipway.worker.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.JobId;
import dev.slipway.model.JobMessage;
import dev.slipway.model.JobSpec;
import dev.slipway.model.Resources;
import dev.slipway.worker.intake.JobMessageReader.Parsed;
import dev.slipway.worker.intake.JobMessageReader.Read;
import dev.slipway.worker.intake.JobMessageReader.Unreadable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class JobMessageReaderTest {

    private static final JobId ID = JobId.of("019a5f3c-7d2e-7a41-9b3c-1f2e3d4c5b6a");
    private final JsonMapper json = JsonMapper.builder().build();
    private final JobMessageReader reader = new JobMessageReader(json);

    @Test
    void aCurrentMessageIsReadWithItsAttempt() {
        JobMessage message = JobMessage.forAttempt(ID, spec(), 2);

        Read read = reader.read(json.writeValueAsBytes(message));

        assertThat(read).isEqualTo(new Parsed(message));
    }

    @Test
    void aMessageWithoutAnAttemptMeansWhicheverAttemptIsNext() {
        String body = json.writeValueAsString(JobMessage.first(ID, spec())).replace(",\"attempt\":1", "");

        Read read = reader.read(bytes(body));

        assertThat(read)
                .isInstanceOfSatisfying(
                        Parsed.class, r -> assertThat(r.message().attempt()).isZero());
    }

    @Test
    void textThatIsNotJsonIsUnreadableWithNoJob() {
        Read read = reader.read(bytes("rm -rf /"));

        assertThat(read).isInstanceOfSatisfying(Unreadable.class, u -> {
            assertThat(u.reason()).startsWith("the job message is not JSON");
            assertThat(u.jobId()).isNull();
        });
    }

    @Test
    void anUnknownSchemaVersionIsUnreadableButNamesTheJobSoItCanBeFailed() {
        String body = json.writeValueAsString(JobMessage.first(ID, spec())).replace("\"version\":1", "\"version\":99");

        Read read = reader.read(bytes(body));

        assertThat(read).isInstanceOfSatisfying(Unreadable.class, u -> {
            assertThat(u.reason()).contains("schema version 99").contains("knows 1");
            assertThat(u.jobId()).isEqualTo(ID);
        });
    }

    @Test
    void aMessageWithoutASpecIsUnreadableButNamesTheJob() {
        Read read = reader.read(bytes("{\"version\":1,\"jobId\":\"" + ID.value() + "\",\"attempt\":1}"));

        assertThat(read).isInstanceOfSatisfying(Unreadable.class, u -> {
            assertThat(u.reason()).contains("no job id or no spec");
            assertThat(u.jobId()).isEqualTo(ID);
        });
    }

    @Test
    void aMalformedJobIdIsUnreadableWithNoJob() {
        Read read = reader.read(bytes("{\"version\":1,\"jobId\":\"../../etc\",\"attempt\":1}"));

        assertThat(read)
                .isInstanceOfSatisfying(
                        Unreadable.class, u -> assertThat(u.jobId()).isNull());
    }

    @Test
    void aSpecOfTheWrongShapeIsUnreadableButNamesTheJob() {
        Read read = reader.read(bytes("{\"version\":1,\"jobId\":\"" + ID.value() + "\",\"spec\":[1,2],\"attempt\":1}"));

        assertThat(read).isInstanceOfSatisfying(Unreadable.class, u -> {
            assertThat(u.reason()).startsWith("the job message cannot be read");
            assertThat(u.jobId()).isEqualTo(ID);
        });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static JobSpec spec() {
        return new JobSpec(
                "busybox",
                List.of("echo hi"),
                null,
                Map.of(),
                "/",
                new Resources(0.5, 256, 128),
                60,
                "default",
                Map.of(),
                3,
                Map.of(),
                List.of(),
                null,
                0,
                null);
    }
}
