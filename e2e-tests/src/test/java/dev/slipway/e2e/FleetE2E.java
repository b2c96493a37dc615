package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.testing.TestServices;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * A fleet of three workers as separate processes, with distinct ids, on one Docker host: the
 * registry, spreading jobs, cordon, drain, backpressure and a worker that dies.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FleetE2E {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String POOL = "fleet-" + RUN;
    /** Served by the second worker only, so a test can choose where a job runs. */
    private static final String SECOND_ONLY = "second-" + RUN;

    private static final Duration SOON = Duration.ofSeconds(30);

    private static SlipwayProcess gateway;
    private static final Map<String, SlipwayProcess> workers = new HashMap<>();
    private static SlipwayApi api;

    private final List<String> accepted = new ArrayList<>();

    @BeforeAll
    static void startAGatewayAndThreeWorkers() throws Exception {
        gateway = SlipwayProcess.start("fleet-gateway", "slipway.gateway.jar", TestServices.springProperties(3));
        startWorker(id(1), POOL, Map.of());
        startWorker(id(2), POOL + "," + SECOND_ONLY, Map.of("slipway.worker.labels.disk", "ssd"));
        startWorker(id(3), POOL, Map.of());
        gateway.awaitHealthy(Duration.ofSeconds(90));
        for (SlipwayProcess worker : workers.values()) {
            worker.awaitHealthy(Duration.ofSeconds(90));
        }
        api = new SlipwayApi(gateway.baseUrl());
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (SlipwayProcess worker : workers.values()) {
            worker.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @AfterEach
    void everyJobEndedAndLeftNoContainer() throws Exception {
        for (String id : accepted) {
            JsonNode job = api.awaitTerminal(id, SOON);
            assertThat(job.get("state").asString()).as("job %s", id).isIn("SUCCEEDED", "CANCELLED");
            await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertThat(Host.containersOf(id)).isEmpty());
        }
    }

    @Test
    @Order(1)
    void everyWorkerIsInTheRegistryWithItsHostLabelsAndCapacity() throws Exception {
        List<JsonNode> fleet = awaitWorkers(list -> list.stream()
                        .filter(w -> w.get("state").asString().equals("ACTIVE"))
                        .count()
                >= 3);

        JsonNode second = worker(id(2));
        assertThat(second.get("state").asString()).isEqualTo("ACTIVE");
        assertThat(second.get("slots").asInt()).isEqualTo(2);
        assertThat(second.get("freeSlots").asInt()).isEqualTo(2);
        assertThat(second.get("pools").toString()).contains(POOL, SECOND_ONLY);
        assertThat(second.at("/labels/arch").asString()).isNotBlank().isNotEqualTo("unknown");
        assertThat(second.at("/labels/os").asString()).isEqualTo("linux");
        assertThat(second.at("/labels/disk").asString()).isEqualTo("ssd");
        assertThat(second.get("dockerVersion").asString()).isNotBlank().isNotEqualTo("unknown");
        assertThat(second.get("cpus").asInt()).isPositive();
        assertThat(second.get("memoryBytes").asLong()).isPositive();
        assertThat(fleet).extracting(w -> w.get("id").asString()).contains(id(1), id(2), id(3));

        HttpResponse<String> unknown = api.get("/api/v1/workers/no-such-worker-" + RUN);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(SlipwayApi.parse(unknown.body()).get("type").asString())
                .isEqualTo("urn:slipway:problem:worker-not-found");
    }

    @Test
    @Order(2)
    void eighteenJobsSpreadOverAllThreeWorkers() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 18; i++) {
            ids.add(submit(POOL, "sleep 1", "echo job " + i));
        }

        Set<String> ranOn = new HashSet<>();
        for (String id : ids) {
            JsonNode done = api.awaitTerminal(id, Duration.ofSeconds(90));
            assertThat(done.get("state").asString()).isEqualTo("SUCCEEDED");
            ranOn.add(done.get("workerId").asString());
        }
        assertThat(ranOn).containsExactlyInAnyOrder(id(1), id(2), id(3));
    }

    @Test
    @Order(3)
    void aCordonedWorkerTakesNothingNewUntilItIsUncordoned() throws Exception {
        HttpResponse<String> cordon = api.post("/api/v1/workers/" + id(1) + "/cordon", "");
        assertThat(cordon.statusCode()).isEqualTo(202);
        assertThat(SlipwayApi.parse(cordon.body()).get("requested").asString()).isEqualTo("CORDONED");
        awaitWorkerState(id(1), "CORDONED");

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(submit(POOL, "sleep 1", "echo while cordoned " + i));
        }
        for (String id : ids) {
            assertThat(api.awaitTerminal(id, Duration.ofSeconds(90))
                            .get("workerId")
                            .asString())
                    .isNotEqualTo(id(1));
        }

        assertThat(api.post("/api/v1/workers/" + id(1) + "/uncordon", "").statusCode())
                .isEqualTo(202);
        awaitWorkerState(id(1), "ACTIVE");
    }

    @Test
    @Order(4)
    void aDrainedWorkerHandsBackWhatOutlivesItsDrainTimeoutAndTakesItAgainWhenUncordoned() throws Exception {
        String id = submit(SECOND_ONLY, "sleep 8", "echo drained");
        api.awaitState(id, "RUNNING", SOON);

        assertThat(api.post("/api/v1/workers/" + id(2) + "/drain", "").statusCode())
                .isEqualTo(202);
        awaitWorkerState(id(2), "DRAINING");
        JsonNode handedBack = api.awaitState(id, "QUEUED", SOON); // the drain timeout is 3 s; the job needs 8
        assertThat(handedBack.get("failures").asInt()).isZero();
        awaitWorkerState(id(2), "DRAINED");
        Thread.sleep(2000);
        assertThat(api.state(id))
                .as("nobody else serves its pool, and the drained worker takes nothing")
                .isEqualTo("QUEUED");

        assertThat(api.post("/api/v1/workers/" + id(2) + "/uncordon", "").statusCode())
                .isEqualTo(202);
        JsonNode done = api.awaitTerminal(id, SOON);
        assertThat(done.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("attempt").asInt()).isEqualTo(2);
        awaitWorkerState(id(2), "ACTIVE");
    }

    @Test
    @Order(5)
    void aWorkerWhoseHostIsShortOfMemoryPausesAndSaysWhy() throws Exception {
        String pool = "starved-" + RUN;
        SlipwayProcess starved = startWorker(id(4), pool, Map.of("slipway.worker.fleet.min-free-memory", "100TB"));
        starved.awaitHealthy(Duration.ofSeconds(90));

        JsonNode paused = awaitWorkerState(id(4), "PAUSED");
        assertThat(paused.get("reason").asString()).contains("available memory");
        assertThat(paused.get("freeSlots").asInt()).isZero();
        String id = submit(pool, "echo never");
        Thread.sleep(3000);
        assertThat(api.state(id)).as("a paused worker takes nothing").isEqualTo("QUEUED");
        assertThat(api.post("/api/v1/jobs/" + id + "/cancel", "").statusCode()).isEqualTo(202);

        starved.close();
        workers.remove(id(4));
        awaitWorkerState(id(4), "GONE");
    }

    @Test
    @Order(6)
    void aKilledWorkerIsShownGoneOnceItsLeaseRunsOut() throws Exception {
        SlipwayProcess third = workers.remove(id(3));

        third.kill();

        JsonNode gone = awaitWorkerState(id(3), "GONE");
        assertThat(gone.get("reason").asString()).contains("no heartbeat since");
        assertThat(worker(id(1)).get("state").asString()).isEqualTo("ACTIVE");
    }

    @Test
    @Order(7)
    void jobsWithConstraintsRunOnlyOnWorkersWhoseLabelsHoldThem() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String id = api.submit(constrainedJob(Map.of("disk", "ssd"), "echo on ssd " + i));
            accepted.add(id);
            ids.add(id);
        }

        for (String id : ids) {
            JsonNode done = api.awaitTerminal(id, SOON);
            assertThat(done.get("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(done.get("workerId").asString())
                    .as("only the second worker has disk=ssd")
                    .isEqualTo(id(2));
            assertThat(done.at("/spec/constraints/disk").asString()).isEqualTo("ssd");
        }
    }

    @Test
    @Order(8)
    void aJobNoLiveWorkerCanRunIsRefusedWith422NamingTheConstraints() throws Exception {
        HttpResponse<String> refused =
                api.post("/api/v1/jobs", constrainedJob(Map.of("arch", "sparc64"), "echo never"));

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = SlipwayApi.parse(refused.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:slipway:problem:no-worker-can-run");
        assertThat(problem.at("/errors/0/field").asString()).isEqualTo("constraints");
        assertThat(problem.at("/errors/0/reason").asString())
                .contains("arch=sparc64")
                .contains(id(1));
    }

    @Test
    @Order(9)
    void jobsOfAPoolRunOnlyOnTheWorkersServingIt() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(submit(SECOND_ONLY, "echo routed " + i));
        }

        for (String id : ids) {
            assertThat(api.awaitTerminal(id, SOON).get("workerId").asString()).isEqualTo(id(2));
        }
        JsonNode pools = SlipwayApi.parse(api.get("/api/v1/pools").body());
        JsonNode second = null;
        for (JsonNode pool : pools) {
            if (pool.get("name").asString().equals(SECOND_ONLY)) {
                second = pool;
            }
        }
        assertThat(second).as("pool %s in %s", SECOND_ONLY, pools).isNotNull();
        assertThat(second.get("workers").toString()).isEqualTo("[\"" + id(2) + "\"]");
        assertThat(second.get("slots").asInt()).isEqualTo(2);
        assertThat(second.get("queued").asLong()).isZero();
    }

    private static String constrainedJob(Map<String, String> constraints, String script) {
        StringBuilder json = new StringBuilder();
        constraints.forEach((key, value) -> json.append(json.isEmpty() ? "" : ",")
                .append('"')
                .append(key)
                .append("\":\"")
                .append(value)
                .append('"'));
        return SlipwayApi.jobBody(POOL, List.of(script), 120)
                .strip()
                .replaceFirst("}$", ",\"constraints\":{" + json + "}}");
    }

    private String submit(String pool, String... script) throws Exception {
        String id = api.submit(SlipwayApi.jobBody(pool, List.of(script), 120));
        accepted.add(id);
        return id;
    }

    private static String id(int n) {
        return "fleet-worker-" + n + "-" + RUN;
    }

    private JsonNode worker(String id) throws Exception {
        HttpResponse<String> response = api.get("/api/v1/workers/" + id);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return SlipwayApi.parse(response.body());
    }

    private JsonNode awaitWorkerState(String id, String state) {
        return await().atMost(SOON)
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(
                        () -> worker(id),
                        worker -> worker.get("state").asString().equals(state));
    }

    private List<JsonNode> awaitWorkers(java.util.function.Predicate<List<JsonNode>> condition) {
        return await().atMost(SOON)
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(
                        () -> {
                            List<JsonNode> mine = new ArrayList<>();
                            SlipwayApi.parse(api.get("/api/v1/workers").body()).forEach(worker -> {
                                if (worker.get("id").asString().endsWith(RUN)) {
                                    mine.add(worker);
                                }
                            });
                            return mine;
                        },
                        condition);
    }

    private static SlipwayProcess startWorker(String id, String pools, Map<String, String> extra) throws Exception {
        Map<String, String> properties = SlipwayProcess.quickRecoveryWorker(id, pools, "3s");
        properties.putAll(extra);
        SlipwayProcess worker = SlipwayProcess.start(id, "slipway.worker.jar", properties);
        workers.put(id, worker);
        return worker;
    }
}
