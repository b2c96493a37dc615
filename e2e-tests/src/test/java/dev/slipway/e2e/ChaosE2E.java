package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.testing.SseTestClient;
import dev.slipway.testing.TcpProxy;
import dev.slipway.testing.TestServices;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
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
 * The reliability promise under faults: a gateway and several workers as processes, on the real
 * RabbitMQ, Redis and Docker, with short leases so that recovery fits in a test. After every
 * scenario, each accepted job is terminal exactly once and no container of it is left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES) // a stream that never closes must fail the run, not hang it
class ChaosE2E {

    private static final String POOL = "chaos-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT");
    private static final Duration RECOVERY = Duration.ofSeconds(60);
    private static final Duration LEASE = Duration.ofSeconds(4);

    private static SlipwayProcess gateway;
    private static final List<SlipwayProcess> workers = new ArrayList<>();
    private static SlipwayApi api;
    private static int workerCount;

    private final List<String> accepted = new ArrayList<>();

    @BeforeAll
    static void startAGatewayAndTwoWorkers() throws Exception {
        gateway = SlipwayProcess.start("chaos-gateway", "slipway.gateway.jar", TestServices.springProperties(3));
        startWorker(POOL);
        startWorker(POOL);
        gateway.awaitHealthy(Duration.ofSeconds(90));
        for (SlipwayProcess worker : workers) {
            worker.awaitHealthy(Duration.ofSeconds(90));
        }
        api = new SlipwayApi(gateway.baseUrl());
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (SlipwayProcess worker : workers) {
            worker.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    /** Every accepted job ended exactly once, nothing followed its terminal state, and no container of it is left. */
    @AfterEach
    void everyAcceptedJobIsTerminalExactlyOnceWithNoContainerLeft() throws Exception {
        for (String id : accepted) {
            JsonNode job = api.awaitTerminal(id, RECOVERY);
            List<JsonNode> events = api.stateEvents(id);
            List<String> terminalEvents = events.stream()
                    .map(event -> event.get("to").asString())
                    .filter(TERMINAL::contains)
                    .toList();
            assertThat(terminalEvents)
                    .as("terminal events of job %s", id)
                    .containsExactly(job.get("state").asString());
            List<SseTestClient.Event> after = api.eventsAfter(id, api.lastEventId(id));
            assertThat(after)
                    .as("what followed the terminal event of job %s", id)
                    .extracting(SseTestClient.Event::name)
                    .containsOnly("end");
            await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertThat(Host.containersOf(id))
                            .as("containers of job %s", id)
                            .isEmpty());
        }
    }

    @Test
    @Order(1)
    void aJobWhoseWorkerIsKilledIsRetriedOnAnotherWorkerAndTheOrphanContainerIsReaped() throws Exception {
        String id = submit("sleep 6", "echo survived");
        JsonNode running = api.awaitState(id, "RUNNING", RECOVERY);
        String victimId = running.get("workerId").asString();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !Host.containersOf(id).isEmpty());
        SlipwayProcess victim = workers.stream()
                .filter(worker -> worker.name().equals(victimId))
                .findFirst()
                .orElseThrow();

        victim.kill(); // SIGKILL: no shutdown hook, no hand-back; only the lease can tell
        workers.remove(victim);

        JsonNode done = api.awaitTerminal(id, RECOVERY);
        assertThat(done.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("attempt").asInt()).isEqualTo(2);
        assertThat(done.get("failures").asInt())
                .as("the lost attempt counts as a failure")
                .isEqualTo(1);
        assertThat(done.get("workerId").asString()).isNotEqualTo(victimId);
        assertThat(api.stateEvents(id))
                .extracting(event ->
                        event.get("from").asString(null) + ">" + event.get("to").asString())
                .containsExactly(
                        "null>QUEUED", "QUEUED>RUNNING", "RUNNING>QUEUED", "QUEUED>RUNNING", "RUNNING>SUCCEEDED");
        assertThat(api.stateEvents(id).get(2).get("error").asString()).contains("lease ran out");
        assertThat(api.log(id))
                .contains("survived")
                .as("attempt 2 marks where its output begins")
                .contains("[slipway] attempt 2 on worker ");

        startWorker(POOL).awaitHealthy(Duration.ofSeconds(90)); // a replacement, with another id
    }

    @Test
    @Order(2)
    void aCancelStopsARunningJobAndEndsAQueuedOneBeforeItRuns() throws Exception {
        String running =
                submit("trap 'echo got SIGTERM; exit 143' TERM", "echo started", "while true; do sleep 1; done");
        api.awaitState(running, "RUNNING", RECOVERY);
        await().atMost(Duration.ofSeconds(20)).until(() -> api.log(running).contains("started"));

        HttpResponse<String> cancel = api.post("/api/v1/jobs/" + running + "/cancel", "");
        assertThat(cancel.statusCode()).isEqualTo(202);
        assertThat(SlipwayApi.parse(cancel.body()).get("state").asString()).isIn("CANCELLING", "CANCELLED");
        long asked = System.nanoTime();
        JsonNode cancelled = api.awaitTerminal(running, Duration.ofSeconds(30));
        assertThat(cancelled.get("state").asString()).isEqualTo("CANCELLED");
        assertThat(Duration.ofNanos(System.nanoTime() - asked))
                .as("cancel is prompt")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(api.log(running)).contains("got SIGTERM");

        String nobodyServes = "unserved-" + UUID.randomUUID().toString().substring(0, 8);
        String queued = api.submit(SlipwayApi.jobBody(nobodyServes, List.of("echo never"), 60));
        accepted.add(queued);
        HttpResponse<String> cancelQueued = api.post("/api/v1/jobs/" + queued + "/cancel", "");
        assertThat(cancelQueued.statusCode()).isEqualTo(202);
        assertThat(SlipwayApi.parse(cancelQueued.body()).get("state").asString())
                .isEqualTo("CANCELLED");

        HttpResponse<String> again = api.post("/api/v1/jobs/" + queued + "/cancel", "");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(SlipwayApi.parse(again.body()).get("state").asString()).isEqualTo("CANCELLED");
    }

    @Test
    @Order(3)
    void aJobPastItsTimeoutIsStoppedAndEndsTimedOut() throws Exception {
        String id = api.submit(SlipwayApi.jobBody(POOL, List.of("echo going", "sleep 60"), 2));
        accepted.add(id);

        JsonNode done = api.awaitTerminal(id, RECOVERY);

        assertThat(done.get("state").asString()).isEqualTo("TIMED_OUT");
        assertThat(done.get("attempt").asInt()).as("a timeout is not retried").isEqualTo(1);
    }

    @Test
    @Order(4)
    void redisPausedForSecondsLosesNoLineAndNoJob() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(submit("for i in $(seq 1 30); do echo line $i; sleep 0.1; done"));
        }
        for (String id : ids) {
            api.awaitState(id, "RUNNING", RECOVERY);
        }

        Host.redis("CLIENT", "PAUSE", "3000", "ALL");

        for (String id : ids) {
            JsonNode done = api.awaitTerminal(id, RECOVERY);
            assertThat(done.get("state").asString()).isEqualTo("SUCCEEDED");
            StringBuilder expected = new StringBuilder();
            for (int i = 1; i <= 30; i++) {
                expected.append("line ").append(i).append('\n');
            }
            // a worker that lost Redis for long enough says it paused the job: a note, not output
            assertThat(withoutNotes(api.log(id))).isEqualTo(expected.toString());
        }
    }

    /**
     * Nobody can see Redis for twice the lease: no worker could renew, but none could judge either.
     * Leases are judged on Redis's clock and a gap in which nobody saw Redis grants a full lease, so
     * jobs allowed a single attempt are not declared lost although their containers ran throughout.
     */
    @Test
    @Order(5)
    void redisPausedForTwiceTheLeaseKillsNoRunningJob() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = api.submit(
                    SlipwayApi.jobBody(POOL, List.of("for i in $(seq 1 40); do echo line $i; sleep 0.3; done"), 120)
                            .replace("\"maxAttempts\":3", "\"maxAttempts\":1"));
            accepted.add(id);
            ids.add(id);
        }
        for (String id : ids) {
            api.awaitState(id, "RUNNING", RECOVERY);
        }

        Host.redis("CLIENT", "PAUSE", String.valueOf(2 * LEASE.toMillis()), "ALL");

        for (String id : ids) {
            JsonNode done = api.awaitTerminal(id, RECOVERY);
            assertThat(done.get("state").asString()).as("job %s", id).isEqualTo("SUCCEEDED");
            assertThat(done.get("attempt").asInt()).isEqualTo(1);
            assertThat(api.log(id)).contains("line 1\n").endsWith("line 40\n");
        }
    }

    /**
     * One worker loses Redis while the others keep it. It cannot know whether its lease still holds,
     * so once it could have run out it pauses its containers (self-fencing); the job runs again
     * elsewhere, never at the same time; back in touch, the cut-off worker learns it lost the job and
     * removes its container without recording anything.
     */
    @Test
    @Order(6)
    void aWorkerCutOffFromRedisPausesItsJobWhichThenRunsOnceElsewhere() throws Exception {
        String pool = "fence-" + UUID.randomUUID().toString().substring(0, 8);
        TestServices.Endpoint redis = TestServices.redis();
        try (TcpProxy link = TcpProxy.to(redis.host(), redis.port())) {
            Map<String, String> cutOffProperties =
                    SlipwayProcess.quickRecoveryWorker("fenced-" + pool, pool, LEASE.toSeconds() + "s");
            cutOffProperties.put("spring.data.redis.port", String.valueOf(link.port()));
            SlipwayProcess cutOff = SlipwayProcess.start("fenced-" + pool, "slipway.worker.jar", cutOffProperties);
            workers.add(cutOff);
            cutOff.awaitHealthy(Duration.ofSeconds(90));
            String id = api.submit(
                    SlipwayApi.jobBody(pool, List.of("for i in $(seq 1 60); do echo tick $i; sleep 0.5; done"), 120));
            accepted.add(id);
            assertThat(api.awaitState(id, "RUNNING", RECOVERY).get("workerId").asString())
                    .isEqualTo("fenced-" + pool);
            startWorker(pool).awaitHealthy(Duration.ofSeconds(90));
            assertThat(Host.containerStatesOf(id)).containsEntry(1, "running");

            link.cut();
            long cutAt = System.nanoTime();

            // within the lease less a heartbeat of the last renewal, plus a fence check and docker pause
            await().atMost(LEASE.multipliedBy(2))
                    .pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> assertThat(Host.containerStatesOf(id)).containsEntry(1, "paused"));
            JsonNode second = api.awaitJob(
                    id,
                    RECOVERY,
                    job -> job.get("state").asString().equals("RUNNING")
                            && job.get("attempt").asInt() == 2);
            assertThat(second.get("workerId").asString()).isNotEqualTo("fenced-" + pool);
            // Paused, or already removed by the reaper of a worker sharing this Docker host: not running.
            assertThat(Host.containerStatesOf(id).getOrDefault(1, "removed"))
                    .as("the cut-off attempt while the second one runs")
                    .isIn("paused", "removed");
            // The last renewal came up to a heartbeat (1 s) before the cut, and the lease ran from it.
            assertThat(Duration.ofNanos(System.nanoTime() - cutAt))
                    .as("the job moved on only after the lease ran out")
                    .isGreaterThanOrEqualTo(LEASE.minusSeconds(1));

            link.restore();

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(Host.containerStatesOf(id)).doesNotContainKey(1));
            JsonNode done = api.awaitTerminal(id, RECOVERY);
            assertThat(done.get("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(done.get("attempt").asInt()).isEqualTo(2);
            assertThat(cutOff.output())
                    .as("the cut-off worker learns that the job moved on, and records nothing")
                    .containsAnyOf("is no longer this worker's", "but the job had moved on");
        }
    }

    @Test
    @Order(7)
    void restartingTheBrokerLosesNoAcceptedJob() throws Exception {
        assumeThat(Host.onPath("rabbitmqctl")).as("rabbitmqctl on this machine").isTrue();
        String before = submit("sleep 4", "echo before");
        api.awaitState(before, "RUNNING", RECOVERY);

        Host.run("rabbitmqctl", "stop_app");
        try {
            HttpResponse<String> refused =
                    api.post("/api/v1/jobs", SlipwayApi.jobBody(POOL, List.of("echo refused"), 60));
            assertThat(refused.statusCode()).as("no broker, no acceptance").isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            HttpResponse<String> health = api.get("/actuator/health");
            assertThat(health.statusCode()).as("the gateway reports the outage").isEqualTo(503);
            assertThat(SlipwayApi.parse(health.body())
                            .at("/components/rabbit/status")
                            .asString())
                    .isEqualTo("DOWN");
        } finally {
            Host.run("rabbitmqctl", "start_app");
        }

        String after = await().atMost(RECOVERY)
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> api.submit(SlipwayApi.jobBody(POOL, List.of("echo after"), 60)), id -> id != null);
        accepted.add(after);
        assertThat(api.awaitTerminal(before, RECOVERY).get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(api.awaitTerminal(after, RECOVERY).get("state").asString())
                .as("workers consume again")
                .isEqualTo("SUCCEEDED");
        assertThat(api.get("/actuator/health").statusCode())
                .as("and the gateway reports it healthy again")
                .isEqualTo(200);
    }

    @Test
    @Order(8)
    void aWorkerStoppedWithSigtermFinishesShortJobsAndHandsBackTheRest() throws Exception {
        String drainPool = "drain-" + UUID.randomUUID().toString().substring(0, 8);
        SlipwayProcess leaving = startWorker(drainPool).awaitHealthy(Duration.ofSeconds(90));
        String shortJob = api.submit(SlipwayApi.jobBody(drainPool, List.of("sleep 1", "echo short"), 60));
        String longJob = api.submit(SlipwayApi.jobBody(drainPool, List.of("sleep 8", "echo long"), 60));
        accepted.add(shortJob);
        accepted.add(longJob);
        api.awaitState(shortJob, "RUNNING", RECOVERY);
        api.awaitState(longJob, "RUNNING", RECOVERY);

        leaving.close(); // SIGTERM: drain for 3 s, then hand back
        workers.remove(leaving);

        assertThat(api.awaitTerminal(shortJob, RECOVERY).get("state").asString())
                .isEqualTo("SUCCEEDED");
        JsonNode handedBack = api.awaitState(longJob, "QUEUED", RECOVERY);
        assertThat(handedBack.get("error").asString()).contains("shut down");
        startWorker(drainPool).awaitHealthy(Duration.ofSeconds(90));
        JsonNode done = api.awaitTerminal(longJob, RECOVERY);
        assertThat(done.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("attempt").asInt()).isEqualTo(2);
        assertThat(done.get("failures").asInt())
                .as("a hand-back costs no attempt")
                .isZero();
        assertThat(api.log(longJob)).endsWith("long\n");
    }

    private static String withoutNotes(String log) {
        return log.lines()
                .filter(line -> !line.startsWith("[slipway] "))
                .map(line -> line + "\n")
                .collect(java.util.stream.Collectors.joining());
    }

    private String submit(String... script) throws Exception {
        String id = api.submit(SlipwayApi.jobBody(POOL, List.of(script), 120));
        accepted.add(id);
        return id;
    }

    private static SlipwayProcess startWorker(String pool) throws IOException {
        String id = "chaos-worker-" + ++workerCount + "-" + POOL;
        Map<String, String> properties = SlipwayProcess.quickRecoveryWorker(id, pool, LEASE.toSeconds() + "s");
        SlipwayProcess worker = SlipwayProcess.start(id, "slipway.worker.jar", properties);
        workers.add(worker);
        return worker;
    }
}
