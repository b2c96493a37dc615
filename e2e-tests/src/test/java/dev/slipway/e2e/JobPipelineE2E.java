package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.testing.SseTestClient;
import dev.slipway.testing.TestAuth;
import dev.slipway.testing.TestImage;
import dev.slipway.testing.TestServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The gateway and a worker as two processes, on the real RabbitMQ, Redis and Docker, driven over HTTP as a user would. */
class JobPipelineE2E {

    private static final String POOL = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static SlipwayProcess gateway;
    private static SlipwayProcess worker;
    private static final List<String> jobIds = new ArrayList<>();

    @BeforeAll
    static void startGatewayAndWorker() throws Exception {
        Map<String, String> common = new HashMap<>(TestServices.springProperties(3));
        Map<String, String> workerProperties = new HashMap<>(common);
        workerProperties.put("slipway.worker.pools", POOL);
        workerProperties.put("slipway.worker.id", "e2e-worker-" + POOL);
        worker = SlipwayProcess.start("build-worker", "slipway.worker.jar", workerProperties);
        gateway = SlipwayProcess.start("api-gateway", "slipway.gateway.jar", common);
        gateway.awaitHealthy(Duration.ofSeconds(90));
        worker.awaitHealthy(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopEverythingAndCheckNoContainerIsLeft() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (worker != null) {
            worker.close();
        }
        for (String id : jobIds) {
            Process ps = new ProcessBuilder("docker", "ps", "-aq", "--filter", "label=slipway.job=" + id).start();
            assertThat(new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip())
                    .as("containers of job %s", id)
                    .isEmpty();
        }
        assertThat(ProcessHandle.of(gateway.pid()).map(ProcessHandle::isAlive))
                .isNotEqualTo(java.util.Optional.of(true));
        assertThat(ProcessHandle.of(worker.pid()).map(ProcessHandle::isAlive))
                .isNotEqualTo(java.util.Optional.of(true));
    }

    @Test
    void aSubmittedScriptRunsToSucceededWithItsLog() throws Exception {
        HttpResponse<String> created = post("""
                {"image":"%s","script":["echo hello","echo from $(uname -s)"],"pool":"%s"}
                """.formatted(TestImage.BUSYBOX, POOL));

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode job = JSON.readTree(created.body());
        String id = job.get("id").asString();
        jobIds.add(id);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/jobs/" + id);
        assertThat(job.get("state").asString()).isEqualTo("QUEUED");

        JsonNode done = awaitTerminal(id);
        assertThat(done.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("exitCode").asInt()).isZero();
        assertThat(done.get("attempt").asInt()).isEqualTo(1);
        assertThat(done.get("workerId").asString()).isEqualTo("e2e-worker-" + POOL);
        assertThat(done.get("startedAt").isNull()).isFalse();
        assertThat(done.get("finishedAt").isNull()).isFalse();

        HttpResponse<String> log = get("/api/v1/jobs/" + id + "/log");
        assertThat(log.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(log.body()).isEqualTo("hello\nfrom Linux\n");
    }

    @Test
    void aFailingScriptEndsFailedWithItsExitCodeAndIsListedAsFailed() throws Exception {
        HttpResponse<String> created = post("""
                {"image":"%s","script":["echo about to fail >&2","exit 7"],"pool":"%s"}
                """.formatted(TestImage.BUSYBOX, POOL));
        String id = JSON.readTree(created.body()).get("id").asString();
        jobIds.add(id);

        JsonNode done = awaitTerminal(id);

        assertThat(done.get("state").asString()).isEqualTo("FAILED");
        assertThat(done.get("exitCode").asInt()).isEqualTo(7);
        assertThat(done.get("error").isNull()).isTrue();
        assertThat(get("/api/v1/jobs/" + id + "/log").body()).isEqualTo("about to fail\n");
        HttpResponse<String> failed = get("/api/v1/jobs?state=FAILED&limit=500");
        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(200);
        assertThat(JSON.readTree(failed.body())
                        .get("items")
                        .valueStream()
                        .map(item -> item.get("id").asString()))
                .contains(id);
    }

    @Test
    void aRunningJobsLogStreamsLiveOverSseAndEndsWithItsState() throws Exception {
        HttpResponse<String> created = post("""
                {"image":"%s","script":["for i in 1 2 3; do echo line $i; sleep 0.3; done","echo done >&2"],"pool":"%s"}
                """.formatted(TestImage.BUSYBOX, POOL));
        String id = JSON.readTree(created.body()).get("id").asString();
        jobIds.add(id);

        try (SseTestClient client = SseTestClient.open(gateway.baseUrl() + "/api/v1/jobs/" + id + "/logs", Map.of())) {
            List<SseTestClient.Event> events = client.readToEnd();

            assertThat(events)
                    .extracting(SseTestClient.Event::name, SseTestClient.Event::data)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("stdout", "line 1"),
                            org.assertj.core.groups.Tuple.tuple("stdout", "line 2"),
                            org.assertj.core.groups.Tuple.tuple("stdout", "line 3"),
                            org.assertj.core.groups.Tuple.tuple("stderr", "done"),
                            org.assertj.core.groups.Tuple.tuple(
                                    "end", "{\"state\":\"SUCCEEDED\",\"exitCode\":0,\"attempt\":1}"));
        }
    }

    @Test
    void badInputIsAProblemNamingTheField() throws Exception {
        HttpResponse<String> response = post("{\"image\":\"Not A Valid Image\",\"script\":[]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("errors")
                        .valueStream()
                        .map(error -> error.get("field").asString()))
                .contains("image", "script");
    }

    private static JsonNode awaitTerminal(String id) {
        return await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> JSON.readTree(get("/api/v1/jobs/" + id).body()),
                        job -> List.of("SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT")
                                .contains(job.get("state").asString()));
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return HTTP.send(
                TestAuth.request(URI.create(gateway.baseUrl() + "/api/v1/jobs"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                TestAuth.request(URI.create(gateway.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
