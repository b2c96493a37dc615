package dev.slipway.gateway.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.gateway.GatewayTestSupport;
import dev.slipway.gateway.TestApi;
import dev.slipway.model.JobId;
import dev.slipway.model.RedisKeys;
import dev.slipway.model.WorkerId;
import dev.slipway.model.WorkerState;
import dev.slipway.model.WorkerStatus;
import dev.slipway.testing.TestServices;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job for a pool nobody serves is a 422 naming the pool, unless a worker served it lately or the
 * gateway declares it: a mistyped pool must not become a queue that no one ever reads.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PlacementIntegrationTest {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String DECLARED = "declared-" + SUFFIX;
    private static final String SERVED = "served-" + SUFFIX;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.springProperties(GatewayTestSupport.REDIS_DATABASE)
                .forEach((key, value) -> registry.add(key, () -> value));
        registry.add("slipway.gateway.pools", () -> "default," + DECLARED);
    }

    @LocalServerPort
    int port;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    JsonMapper json;

    @Autowired
    AmqpAdmin admin;

    private HttpResponse<String> submit(String pool) throws Exception {
        return TestApi.admin(port)
                .post("/api/v1/jobs", "{\"image\":\"busybox\",\"script\":[\"true\"],\"pool\":\"" + pool + "\"}");
    }

    @Test
    void aJobForAPoolNoWorkerServedAndNoneDeclaredIsA422NamingThePool() throws Exception {
        String typo = "defualt-" + SUFFIX;

        HttpResponse<String> response = submit(typo);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:slipway:problem:unserved-pool");
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("pool");
        assertThat(problem.get("errors").get(0).get("reason").asString()).contains(typo);
        assertThat(admin.getQueueInfo("slipway.jobs.pool." + typo))
                .as("no queue made for it")
                .isNull();
    }

    @Test
    void aJobForADeclaredPoolIsAcceptedWithNoWorkerYet() throws Exception {
        try {
            assertThat(submit(DECLARED).statusCode()).isEqualTo(201);
        } finally {
            admin.deleteQueue("slipway.jobs.pool." + DECLARED);
        }
    }

    /** A worker that served the pool within its forget-after time, even one that is gone now. */
    @Test
    void aJobForAPoolAWorkerServedLatelyIsAccepted() throws Exception {
        Instant heartbeat = Instant.now().minusSeconds(120); // gone: its lease ran out, but it is remembered
        WorkerStatus status = new WorkerStatus(
                WorkerId.of("placement-" + SUFFIX),
                "host",
                List.of(SERVED),
                Map.of("arch", "x86_64", "os", "linux"),
                2,
                List.<JobId>of(),
                WorkerState.ACTIVE,
                null,
                "28.2.2",
                2,
                24L << 30,
                heartbeat.minusSeconds(60),
                heartbeat,
                15_000);
        redis.opsForHash().put(RedisKeys.worker(status.id()), RedisKeys.WORKER_STATUS, json.writeValueAsString(status));
        redis.opsForZSet().add(RedisKeys.WORKERS, status.id().value(), (double) heartbeat.toEpochMilli());
        try {
            assertThat(submit(SERVED).statusCode()).isEqualTo(201);
        } finally {
            admin.deleteQueue("slipway.jobs.pool." + SERVED);
            redis.delete(RedisKeys.worker(status.id()));
            redis.opsForZSet().remove(RedisKeys.WORKERS, status.id().value());
        }
    }
}
