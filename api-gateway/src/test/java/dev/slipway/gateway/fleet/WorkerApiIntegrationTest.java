package dev.slipway.gateway.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.gateway.GatewayIntegrationTest;
import dev.slipway.model.JobId;
import dev.slipway.model.RedisKeys;
import dev.slipway.model.WorkerId;
import dev.slipway.model.WorkerState;
import dev.slipway.model.WorkerStatus;
import dev.slipway.testing.TestAuth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The workers API over a registry written into the real Redis as workers write it. */
class WorkerApiIntegrationTest extends GatewayIntegrationTest {

    @Autowired
    RedisConnectionFactory connections;

    @Autowired
    JsonMapper json;

    private final HttpClient http = HttpClient.newHttpClient();
    private final BlockingQueue<String> signals = new LinkedBlockingQueue<>();
    private RedisMessageListenerContainer listener;

    @BeforeEach
    void listenForSignals() throws Exception {
        listener = new RedisMessageListenerContainer();
        listener.setConnectionFactory(connections);
        listener.addMessageListener(
                (message, pattern) -> signals.add(new String(message.getBody(), StandardCharsets.UTF_8)),
                new ChannelTopic(RedisKeys.CONTROL_CHANNEL));
        listener.afterPropertiesSet();
        listener.start();
        Thread.sleep(200); // the subscription is asynchronous
    }

    @AfterEach
    void stopListening() throws Exception {
        listener.stop();
        listener.destroy();
    }

    @Test
    void workersAreListedByIdWithTheirReportedStateAndFreeSlots() throws Exception {
        report(status(
                "b-worker",
                WorkerState.ACTIVE,
                Instant.now(),
                List.of(JobId.of("019a5f3c-7d2e-7a41-9b3c-1f2e3d4c5b6a"))));
        report(status("a-worker", WorkerState.CORDONED, Instant.now(), List.of()));

        JsonNode list = json.readTree(get("/api/v1/workers").body());

        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("id").asString()).isEqualTo("a-worker");
        assertThat(list.get(0).get("state").asString()).isEqualTo("CORDONED");
        assertThat(list.get(0).get("freeSlots").asInt())
                .as("a cordoned worker offers nothing")
                .isZero();
        assertThat(list.get(1).get("freeSlots").asInt()).isEqualTo(1);
        assertThat(list.get(1).get("requested").asString()).isEqualTo("SCHEDULABLE");
        assertThat(list.get(1).at("/labels/arch").asString()).isEqualTo("x86_64");
    }

    @Test
    void aWorkerSilentForLongerThanItsLeaseIsGoneWithTheReason() throws Exception {
        report(status("silent", WorkerState.ACTIVE, Instant.now().minusSeconds(20), List.of()));

        JsonNode worker = json.readTree(get("/api/v1/workers/silent").body());

        assertThat(worker.get("state").asString()).isEqualTo("GONE");
        assertThat(worker.get("reason").asString()).startsWith("no heartbeat since");
        assertThat(worker.get("freeSlots").asInt()).isZero();
    }

    @Test
    void cordonIsRecordedSignalledAndAnsweredWithTheWorker() throws Exception {
        report(status("w1", WorkerState.ACTIVE, Instant.now(), List.of()));

        HttpResponse<String> response = post("/api/v1/workers/w1/cordon");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json.readTree(response.body()).get("requested").asString()).isEqualTo("CORDONED");
        assertThat(redis.opsForHash().get(RedisKeys.worker(WorkerId.of("w1")), RedisKeys.WORKER_ADMIN))
                .isEqualTo("CORDONED");
        assertThat(signals.poll(5, TimeUnit.SECONDS)).isEqualTo(RedisKeys.WORKER_PREFIX + "w1");

        assertThat(post("/api/v1/workers/w1/drain").statusCode()).isEqualTo(202);
        assertThat(redis.opsForHash().get(RedisKeys.worker(WorkerId.of("w1")), RedisKeys.WORKER_ADMIN))
                .isEqualTo("DRAINING");
        assertThat(post("/api/v1/workers/w1/uncordon").statusCode()).isEqualTo(202);
        assertThat(redis.opsForHash().get(RedisKeys.worker(WorkerId.of("w1")), RedisKeys.WORKER_ADMIN))
                .isEqualTo("SCHEDULABLE");
    }

    @Test
    void poolsShowTheirWorkersCapacityAndBacklogAlsoWithoutWorkers() throws Exception {
        String empty = "it-empty-" + System.nanoTime();
        report(status(
                "w1", WorkerState.ACTIVE, Instant.now(), List.of(JobId.of("019a5f3c-7d2e-7a41-9b3c-1f2e3d4c5b6a"))));
        report(status("gone", WorkerState.ACTIVE, Instant.now().minusSeconds(60), List.of()));
        redis.opsForSet().add(RedisKeys.POOLS, empty);

        JsonNode pools = json.readTree(get("/api/v1/pools").body());

        JsonNode byDefault = find(pools, "default");
        assertThat(byDefault.get("workers").toString()).isEqualTo("[\"w1\"]");
        assertThat(byDefault.get("slots").asInt()).isEqualTo(2);
        assertThat(byDefault.get("freeSlots").asInt()).isEqualTo(1);
        assertThat(byDefault.get("running").asInt()).isEqualTo(1);
        JsonNode unserved = find(pools, empty);
        assertThat(unserved.get("workers")).isEmpty();
        assertThat(unserved.get("queued").asLong()).isZero();
    }

    private static JsonNode find(JsonNode pools, String name) {
        for (JsonNode pool : pools) {
            if (pool.get("name").asString().equals(name)) {
                return pool;
            }
        }
        throw new AssertionError("no pool " + name + " in " + pools);
    }

    @Test
    void anUnknownWorkerIsA404ProblemAndIsNotCreatedByACordon() throws Exception {
        for (HttpResponse<String> response :
                List.of(get("/api/v1/workers/ghost"), post("/api/v1/workers/ghost/cordon"))) {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(json.readTree(response.body()).get("type").asString())
                    .isEqualTo("urn:slipway:problem:worker-not-found");
        }
        assertThat(redis.hasKey(RedisKeys.worker(WorkerId.of("ghost")))).isFalse();
        assertThat(signals.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    private WorkerStatus status(String id, WorkerState state, Instant heartbeat, List<JobId> running) {
        return new WorkerStatus(
                WorkerId.of(id),
                "host-" + id,
                List.of("default"),
                Map.of("arch", "x86_64", "os", "linux"),
                2,
                running,
                state,
                state == WorkerState.CORDONED ? "cordoned by an operator" : null,
                "28.2.2",
                2,
                24L << 30,
                heartbeat.minusSeconds(60),
                heartbeat,
                15_000);
    }

    /** Writes the entry as a worker's heartbeat does. */
    private void report(WorkerStatus status) {
        redis.opsForHash().put(RedisKeys.worker(status.id()), RedisKeys.WORKER_STATUS, json.writeValueAsString(status));
        redis.opsForZSet().add(RedisKeys.WORKERS, status.id().value(), (double)
                status.heartbeatAt().toEpochMilli());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                TestAuth.request(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(
                TestAuth.request(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
