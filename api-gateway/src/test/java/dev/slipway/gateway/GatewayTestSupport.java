package dev.slipway.gateway;

import dev.slipway.model.JobEvent;
import dev.slipway.model.JobId;
import dev.slipway.model.JobSpec;
import dev.slipway.model.JobState;
import dev.slipway.model.JobView;
import dev.slipway.model.RedisKeys;
import dev.slipway.model.Resources;
import dev.slipway.model.WorkerId;
import dev.slipway.model.WorkerState;
import dev.slipway.model.WorkerStatus;
import dev.slipway.testing.LogChunks;
import dev.slipway.testing.LogLine;
import dev.slipway.testing.TestServices;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.json.JsonMapper;

/** What the gateway's integration tests share: the real services, and writing to Redis as a worker would. */
public final class GatewayTestSupport {

    /** The Redis database of the gateway's tests; other modules use others. */
    public static final int REDIS_DATABASE = 1;

    /** The gateway tests' {@code slipway.gateway.metrics.scrape-token}. */
    public static final String SCRAPE_TOKEN = "test-scrape-token-0123456789abcdef01234567";

    private GatewayTestSupport() {}

    public static void services(DynamicPropertyRegistry registry) {
        TestServices.springProperties(REDIS_DATABASE).forEach((key, value) -> registry.add(key, () -> value));
        // tests name pools of their own that no worker serves; PlacementIntegrationTest covers the refusal
        registry.add("slipway.gateway.pools", () -> "*");
        registry.add("slipway.gateway.metrics.scrape-token", () -> SCRAPE_TOKEN);
    }

    /** Writes a live worker's registry entry, as its heartbeat would: ACTIVE, serving the pools, 2 slots. */
    public static void liveWorker(StringRedisTemplate redis, JsonMapper json, WorkerId id, List<String> pools) {
        Instant now = Instant.now();
        WorkerStatus status = new WorkerStatus(
                id,
                "host",
                pools,
                Map.of(),
                2,
                List.of(),
                WorkerState.ACTIVE,
                null,
                "28.2.2",
                2,
                1L << 30,
                now,
                now,
                60_000);
        redis.opsForHash().put(RedisKeys.worker(id), RedisKeys.WORKER_STATUS, json.writeValueAsString(status));
        redis.opsForZSet().add(RedisKeys.WORKERS, id.value(), (double) now.toEpochMilli());
    }

    public static JobSpec spec(String pool) {
        return new JobSpec(
                "busybox:latest",
                List.of("true"),
                null,
                Map.of(),
                null,
                new Resources(1, 64, 64),
                60,
                pool,
                Map.of(),
                1,
                Map.of(),
                List.of(),
                null,
                86_400,
                null);
    }

    public static JobView queuedJob(String pool) {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS); // as Redis keeps it
        return new JobView(
                JobId.of(UUID.randomUUID().toString()),
                JobState.QUEUED,
                "admin",
                spec(pool),
                0,
                0,
                null,
                null,
                null,
                now,
                null,
                null,
                null,
                now,
                java.util.List.of());
    }

    /** Appends a batch of lines to a job's log, as the worker's log sink does. */
    public static String appendLog(StringRedisTemplate redis, JsonMapper json, JobId job, List<LogLine> lines) {
        return redis.opsForStream()
                .add(StreamRecords.string(Map.of(RedisKeys.EVENT_FIELD, LogChunks.encode(1, lines)))
                        .withStreamKey(RedisKeys.jobLog(job)))
                .getValue();
    }

    public static String endLog(
            StringRedisTemplate redis, JsonMapper json, JobId job, JobState state, Integer exitCode) {
        return add(redis, json, RedisKeys.jobLog(job), new JobEvent.LogEnd(job, 1, state, exitCode));
    }

    public static String add(StringRedisTemplate redis, JsonMapper json, String key, JobEvent event) {
        return redis.opsForStream()
                .add(StreamRecords.string(Map.of(RedisKeys.EVENT_FIELD, json.writeValueAsString(event)))
                        .withStreamKey(key))
                .getValue();
    }
}
