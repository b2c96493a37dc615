package dev.slipway.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.model.JobFields;
import dev.slipway.model.JobId;
import dev.slipway.model.JobMessage;
import dev.slipway.model.JobSpec;
import dev.slipway.model.JobState;
import dev.slipway.model.JobTopology;
import dev.slipway.model.LogChunkText;
import dev.slipway.model.RedisKeys;
import dev.slipway.model.Resources;
import dev.slipway.testing.LogChunks;
import dev.slipway.testing.LogLine;
import dev.slipway.testing.TestImage;
import dev.slipway.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** Output volume: every line of a fast printer is kept in order, and past the cap a notice says what was dropped. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class LogCapIntegrationTest {

    private static final String POOL = "cap-" + UUID.randomUUID().toString().substring(0, 8);

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.springProperties(2).forEach((key, value) -> registry.add(key, () -> value));
        registry.add("slipway.worker.pools", () -> POOL);
        registry.add("slipway.worker.id", () -> "cap-worker");
        registry.add("slipway.worker.log.cap", () -> "200KB");
    }

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    JsonMapper json;

    @Test
    void twentyThousandNumberedLinesAreAllKeptOnceAndInOrder() {
        JobId job = run("seq 1 20000");

        assertThat(lines(job))
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 20_000)
                        .mapToObj(String::valueOf)
                        .toList());
    }

    @Test
    void outputPastTheCapIsDroppedButTheJobRunsOnAndANoticeSaysHowMuch() {
        JobId job = run("seq 1 100000", "echo still running >&2");

        List<String> lines = lines(job);
        assertThat(redis.opsForHash().get(RedisKeys.job(job), JobFields.STATE)).isEqualTo("SUCCEEDED");
        assertThat(lines.getFirst()).isEqualTo("1");
        assertThat(lines.getLast())
                .matches(
                        "\\[slipway] output truncated: \\d+ lines \\(\\d+ bytes\\) past the cap of 204800 bytes were dropped");
        assertThat(lines).hasSizeLessThan(100_000).doesNotContain("100000");
        long keptBytes = lines.subList(0, lines.size() - 1).stream()
                .mapToLong(line -> line.length() + 1)
                .sum();
        assertThat(keptBytes).isLessThanOrEqualTo(200 * 1024);
    }

    private JobId run(String... script) {
        JobId job = JobId.of(UUID.randomUUID().toString());
        JobSpec spec = new JobSpec(
                TestImage.BUSYBOX,
                List.of(script),
                null,
                Map.of(),
                null,
                new Resources(1, 128, 64),
                120,
                POOL,
                Map.of(),
                1,
                Map.of(),
                List.of(),
                null,
                0,
                null);
        long now = System.currentTimeMillis();
        redis.opsForHash()
                .putAll(
                        RedisKeys.job(job),
                        Map.of(
                                JobFields.SPEC,
                                json.writeValueAsString(spec),
                                JobFields.STATE,
                                "QUEUED",
                                JobFields.ATTEMPT,
                                "0",
                                JobFields.CREATED_AT,
                                String.valueOf(now),
                                JobFields.UPDATED_AT,
                                String.valueOf(now)));
        rabbit.send(
                JobTopology.JOBS_EXCHANGE,
                POOL,
                MessageBuilder.withBody(json.writeValueAsBytes(JobMessage.first(job, spec)))
                        .build());
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            Object state = redis.opsForHash().get(RedisKeys.job(job), JobFields.STATE);
            return state != null && JobState.valueOf(state.toString()).isTerminal();
        });
        return job;
    }

    @SuppressWarnings("unchecked") // Spring Data Redis's read(StreamOffset...) is generic varargs
    private List<String> lines(JobId job) {
        return redis.opsForStream().read(StreamOffset.fromStart(RedisKeys.jobLog(job))).stream()
                .map(entry ->
                        entry.getValue().get(RedisKeys.EVENT_FIELD).toString().getBytes(StandardCharsets.UTF_8))
                .filter(LogChunkText::isChunk)
                .flatMap(payload -> LogChunks.decode(payload).lines().stream())
                .map(LogLine::text)
                .toList();
    }
}
