package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.testing.TestImage;
import dev.slipway.testing.TestServices;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Environments through a gateway and workers running as separate processes on the real broker,
 * Redis and Docker: made, used, stopped with their files kept, started, restarted, expired,
 * refused past a quota, found again by a worker killed and restarted under the same id, deleted.
 * A second worker, of another pool, is the fleet's sweeper while the first is dead.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EnvironmentsE2E {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String POOL = "envs-" + RUN;
    private static final String TEMPLATE = "box-" + RUN;
    private static final String HOST_ID = "env-host-" + RUN;
    private static final String SWEEPER_ID = "env-sweeper-" + RUN;
    private static final Duration SOON = Duration.ofSeconds(30);

    private static SlipwayProcess gateway;
    private static SlipwayProcess host;
    private static SlipwayProcess sweeper;
    private static SlipwayApi api;
    private static final List<String> created = new ArrayList<>();

    @BeforeAll
    static void startAGatewayAndTwoWorkers() throws Exception {
        gateway = SlipwayProcess.start("envs-gateway", "slipway.gateway.jar", TestServices.springProperties(3));
        host = startHost();
        sweeper = SlipwayProcess.start(SWEEPER_ID, "slipway.worker.jar", worker(SWEEPER_ID, "other-" + RUN));
        gateway.awaitHealthy(Duration.ofSeconds(90));
        host.awaitHealthy(Duration.ofSeconds(90));
        sweeper.awaitHealthy(Duration.ofSeconds(90));
        api = new SlipwayApi(gateway.baseUrl());
        expect(201, api.post("/api/v1/templates", """
                {"name":"%s","image":"%s","pool":"%s","resources":{"cpus":0.5,"memoryMb":64,"pidsLimit":64}}
                """.formatted(TEMPLATE, TestImage.BUSYBOX, POOL)));
    }

    @AfterAll
    static void deleteEverythingAndStop() throws Exception {
        for (String id : created) {
            api.delete("/api/v1/environments/" + id);
        }
        for (String id : created) {
            try {
                awaitState(id, "REMOVED", "EXPIRED", "FAILED");
                await().atMost(SOON)
                        .until(() -> Host.environmentContainerState(id).isEmpty());
            } catch (RuntimeException | AssertionError e) {
                System.err.println("environment " + id + " did not end cleanly: " + e);
            }
        }
        for (SlipwayProcess process : new SlipwayProcess[] {host, sweeper, gateway}) {
            if (process != null) {
                process.close();
            }
        }
        Host.removeContainersOfWorker(HOST_ID);
        Host.removeContainersOfWorker(SWEEPER_ID);
        for (String id : created) {
            assertThat(Host.environmentContainerState(id))
                    .as("container of %s", id)
                    .isEmpty();
        }
    }

    @Test
    @Order(1)
    void anEnvironmentRunsOnAWorkerOfItsPoolAndAnswersAnExec() throws Exception {
        HttpResponse<String> response = api.post("/api/v1/environments", body("first", null));
        JsonNode accepted = SlipwayApi.parse(expect(201, response));
        String id = accepted.get("id").asString();
        created.add(id);
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/environments/" + id);
        assertThat(accepted.get("state").asString()).isEqualTo("PENDING");

        JsonNode running = awaitState(id, "RUNNING");
        assertThat(running.get("workerId").asString()).isEqualTo(HOST_ID);
        assertThat(running.at("/resources/memoryMb").asLong()).isEqualTo(64);
        assertThat(Host.environmentContainerState(id)).isEqualTo("running");

        JsonNode exec = exec(id, "echo hello from $(hostname)");
        assertThat(exec.get("exitCode").asInt()).isZero();
        assertThat(exec.get("stdout").asString()).startsWith("hello from ");
        JsonNode failing = exec(id, "echo oops >&2; exit 3");
        assertThat(failing.get("exitCode").asInt()).isEqualTo(3);
        assertThat(failing.get("stderr").asString()).isEqualTo("oops\n");
        JsonNode slow = exec(id, "sleep 7; echo slow");
        assertThat(slow.get("stdout").asString())
                .as("an exec outlasting the gateway's Redis command timeout (5 s)")
                .isEqualTo("slow\n");
        JsonNode killed = SlipwayApi.parse(expect(
                200,
                api.post(
                        "/api/v1/environments/" + id + "/exec",
                        "{\"command\":[\"sleep\",\"60\"],\"timeoutSeconds\":2}")));
        assertThat(killed.get("timedOut").asBoolean()).isTrue();
        assertThat(killed.get("exitCode").isNull()).isTrue();
    }

    @Test
    @Order(2)
    void aStoppedEnvironmentKeepsItsFilesThroughAStartAndARestart() throws Exception {
        String id = created.getFirst();
        assertThat(exec(id, "echo kept > /root/note; cat /root/note")
                        .get("stdout")
                        .asString())
                .isEqualTo("kept\n");

        expect(202, api.post("/api/v1/environments/" + id + "/stop", ""));
        awaitState(id, "STOPPED");
        assertThat(Host.environmentContainerState(id)).isEqualTo("exited");
        JsonNode refused =
                SlipwayApi.parse(expect(409, api.post("/api/v1/environments/" + id + "/exec", execBody("true"))));
        assertThat(refused.get("state").asString()).isEqualTo("STOPPED");

        expect(202, api.post("/api/v1/environments/" + id + "/start", ""));
        awaitState(id, "RUNNING");
        assertThat(exec(id, "cat /root/note").get("stdout").asString()).isEqualTo("kept\n");

        String before =
                exec(id, "cat /proc/1/stat | cut -d' ' -f22").get("stdout").asString();
        expect(202, api.post("/api/v1/environments/" + id + "/restart", ""));
        await().atMost(SOON)
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> {
                    JsonNode now = environment(id);
                    return now.get("state").asString().equals("RUNNING")
                            && !exec(id, "cat /proc/1/stat | cut -d' ' -f22")
                                    .get("stdout")
                                    .asString()
                                    .equals(before);
                });
        assertThat(exec(id, "cat /root/note").get("stdout").asString()).isEqualTo("kept\n");
    }

    @Test
    @Order(3)
    void anEnvironmentPastItsTtlExpiresAndItsContainerIsRemoved() throws Exception {
        String id = create(body("short", "PT20S"));
        awaitState(id, "RUNNING");
        Instant expiresAt = Instant.parse(environment(id).get("expiresAt").asString());

        JsonNode expired = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> environment(id), env -> env.get("state").asString().equals("EXPIRED"));

        assertThat(Instant.parse(expired.get("updatedAt").asString()))
                .as("expired within 15 s of its expiresAt")
                .isBefore(expiresAt.plusSeconds(15));
        await().atMost(SOON).until(() -> Host.environmentContainerState(id).isEmpty());
    }

    @Test
    @Order(4)
    void aCordonedWorkerPlacesNoNewEnvironmentUntilItIsUncordoned() throws Exception {
        expect(202, api.post("/api/v1/workers/" + HOST_ID + "/cordon", ""));
        await().atMost(SOON)
                .ignoreExceptions()
                .until(() -> SlipwayApi.parse(
                                api.get("/api/v1/workers/" + HOST_ID).body())
                        .get("state")
                        .asString()
                        .equals("CORDONED"));
        String id = create(body("cordoned", null));

        Thread.sleep(4000);
        assertThat(environment(id).get("state").asString()).isEqualTo("PENDING");
        assertThat(exec(created.getFirst(), "echo still").get("stdout").asString())
                .as("a cordon leaves the running environments alone")
                .isEqualTo("still\n");

        expect(202, api.post("/api/v1/workers/" + HOST_ID + "/uncordon", ""));
        awaitState(id, "RUNNING");
        expect(202, api.delete("/api/v1/environments/" + id));
        awaitState(id, "REMOVED");
    }

    @Test
    @Order(5)
    void aCreatePastTheOwnersQuotaIsRefusedWithTheLimitAndTheUsage() throws Exception {
        expect(201, api.post("/api/v1/users", """
                {"name":"quota-%s","role":"user","quotas":{"maxEnvironments":1}}""".formatted(RUN)));
        String token = SlipwayApi.parse(
                        expect(201, api.post("/api/v1/users/quota-" + RUN + "/tokens", "{\"name\":\"e2e\"}")))
                .get("token")
                .asString();
        SlipwayApi user = api.as(token);
        HttpResponse<String> first = user.post("/api/v1/environments", body("one", null));
        String id = SlipwayApi.parse(expect(201, first)).get("id").asString();
        created.add(id);

        JsonNode refused = SlipwayApi.parse(expect(409, user.post("/api/v1/environments", body("two", null))));

        assertThat(refused.get("type").asString()).isEqualTo("urn:slipway:problem:quota-exceeded");
        assertThat(refused.get("limit").asString()).isEqualTo("maxEnvironments");
        assertThat(refused.get("max").asDouble()).isEqualTo(1);
        assertThat(refused.get("current").asDouble()).isEqualTo(1);
        assertThat(user.get("/api/v1/environments/" + created.getFirst()).statusCode())
                .as("another user's environment does not exist for this user")
                .isEqualTo(404);
        expect(202, user.delete("/api/v1/environments/" + id));
        awaitState(id, "REMOVED");
        created.add(SlipwayApi.parse(expect(201, user.post("/api/v1/environments", body("two", null))))
                .get("id")
                .asString());
    }

    @Test
    @Order(6)
    void aWorkerStoppedOrKilledAndRestartedUnderItsIdGetsItsEnvironmentBackWithItsFiles() throws Exception {
        String id = created.getFirst();
        awaitState(id, "RUNNING");

        host.close(); // SIGTERM: the worker stops, its environments do not
        assertThat(Host.environmentContainerState(id)).isEqualTo("running");
        awaitState(id, "LOST");
        host = startHost();
        host.awaitHealthy(Duration.ofSeconds(90));
        awaitState(id, "RUNNING");
        exec(id, "echo survived > /root/crash");

        host.kill();
        JsonNode lost = awaitState(id, "LOST");
        assertThat(lost.get("error").asString()).contains(HOST_ID);
        assertThat(Host.environmentContainerState(id))
                .as("the container runs on without its worker")
                .isEqualTo("running");

        host = startHost();
        host.awaitHealthy(Duration.ofSeconds(90));
        awaitState(id, "RUNNING");
        assertThat(exec(id, "cat /root/crash /root/note").get("stdout").asString())
                .isEqualTo("survived\nkept\n");
    }

    @Test
    @Order(7)
    void aDeletedEnvironmentIsRemovedWithItsContainer() throws Exception {
        String id = created.getFirst();

        JsonNode deleting = SlipwayApi.parse(expect(202, api.delete("/api/v1/environments/" + id)));

        assertThat(deleting.get("removeRequested").asBoolean()).isTrue();
        awaitState(id, "REMOVED");
        await().atMost(SOON).until(() -> Host.environmentContainerState(id).isEmpty());
        expect(409, api.post("/api/v1/environments/" + id + "/start", ""));
    }

    @Test
    @Order(8)
    void anOperatorsPullPutsATemplatesImageOnTheWorkersOfItsPoolAndTheCatalogueShowsIt() throws Exception {
        String reference = "127.0.0.1:5000/slipway-e2e/box-" + RUN + ":1";
        Host.run("docker", "tag", TestImage.BUSYBOX, reference);
        Host.run("docker", "push", reference);
        Host.run("docker", "rmi", reference);
        try {
            expect(201, api.post("/api/v1/templates", """
                    {"name":"pulled-%s","image":"%s","pool":"%s"}""".formatted(RUN, reference, POOL)));

            HttpResponse<String> asked =
                    api.post("/api/v1/images/pull", "{\"image\":\"%s\",\"pool\":\"%s\"}".formatted(reference, POOL));
            String pull = SlipwayApi.parse(expect(202, asked)).get("id").asString();

            JsonNode done = await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(300))
                    .ignoreExceptions()
                    .until(
                            () -> SlipwayApi.parse(expect(200, api.get("/api/v1/images/pulls/" + pull))),
                            progress -> !progress.at("/workers/" + HOST_ID + "/state")
                                    .asString()
                                    .matches("QUEUED|PULLING"));
            assertThat(done.at("/workers/" + HOST_ID + "/state").asString())
                    .as(done.toString())
                    .isEqualTo("DONE");
            assertThat(done.at("/workers/" + HOST_ID + "/layersDone").asInt()).isPositive();
            JsonNode entry = await().atMost(SOON)
                    .ignoreExceptions()
                    .until(
                            () -> {
                                for (JsonNode image : SlipwayApi.parse(expect(200, api.get("/api/v1/images")))) {
                                    if (image.get("image").asString().equals(reference)) {
                                        return image;
                                    }
                                }
                                return null;
                            },
                            image -> image != null
                                    && image.get("workers").toString().contains(HOST_ID));
            assertThat(entry.get("templates").toString()).contains("pulled-" + RUN);
        } finally {
            new ProcessBuilder("docker", "rmi", reference).start().waitFor();
        }
    }

    private static SlipwayProcess startHost() throws Exception {
        return SlipwayProcess.start(HOST_ID, "slipway.worker.jar", worker(HOST_ID, POOL));
    }

    private static Map<String, String> worker(String id, String pool) {
        Map<String, String> properties = SlipwayProcess.quickRecoveryWorker(id, pool, "3s");
        properties.put("slipway.worker.environments.sweep-interval", "1s");
        properties.put("slipway.worker.environments.unknown-container-grace", "2s");
        return properties;
    }

    private static String create(String body) throws Exception {
        String id = SlipwayApi.parse(expect(201, api.post("/api/v1/environments", body)))
                .get("id")
                .asString();
        created.add(id);
        return id;
    }

    private static String body(String name, String ttl) {
        return ttl == null
                ? "{\"template\":\"%s\",\"name\":\"%s\"}".formatted(TEMPLATE, name)
                : "{\"template\":\"%s\",\"name\":\"%s\",\"ttl\":\"%s\"}".formatted(TEMPLATE, name, ttl);
    }

    private static String execBody(String script) {
        return "{\"command\":[\"sh\",\"-c\",\"%s\"],\"timeoutSeconds\":20}"
                .formatted(script.replace("\\", "\\\\").replace("\"", "\\\""));
    }

    private static JsonNode exec(String id, String script) throws Exception {
        return SlipwayApi.parse(expect(200, api.post("/api/v1/environments/" + id + "/exec", execBody(script))));
    }

    private static JsonNode environment(String id) throws Exception {
        return SlipwayApi.parse(expect(200, api.get("/api/v1/environments/" + id)));
    }

    private static JsonNode awaitState(String id, String... states) {
        List<String> wanted = List.of(states);
        return await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(
                        () -> environment(id),
                        env -> wanted.contains(env.get("state").asString()));
    }

    private static String expect(int status, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response.body();
    }
}
