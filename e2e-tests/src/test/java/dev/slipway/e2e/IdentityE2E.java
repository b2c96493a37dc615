package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.slipway.model.JobId;
import dev.slipway.model.JobTopology;
import dev.slipway.model.RedisKeys;
import dev.slipway.testing.SseTestClient;
import dev.slipway.testing.TestImage;
import dev.slipway.testing.TestServices;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Who may do what, through the jars as separate processes on the real services: two users who see
 * only their own work, a user refused the fleet's controls, and a secret that reaches its container
 * but no response, no log of either application and no broker message.
 */
class IdentityE2E {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String POOL = "e2e-identity-" + SUFFIX;
    private static final String WORKER_ID = "e2e-identity-worker-" + SUFFIX;
    private static final int REDIS_DATABASE = 3;

    private static SlipwayProcess gateway;
    private static SlipwayProcess worker;
    private static SlipwayApi admin;
    private static SlipwayApi alice;
    private static SlipwayApi bob;
    private static final List<String> jobIds = new ArrayList<>();

    @BeforeAll
    static void startGatewayAndWorkerAndSignUpAliceAndBob() throws Exception {
        Map<String, String> common = new HashMap<>(TestServices.springProperties(REDIS_DATABASE));
        Map<String, String> workerProperties = new HashMap<>(common);
        workerProperties.put("slipway.worker.pools", POOL);
        workerProperties.put("slipway.worker.id", WORKER_ID);
        worker = SlipwayProcess.start("identity-worker", "slipway.worker.jar", workerProperties);
        gateway = SlipwayProcess.start("identity-gateway", "slipway.gateway.jar", common);
        gateway.awaitHealthy(Duration.ofSeconds(90));
        worker.awaitHealthy(Duration.ofSeconds(90));

        admin = new SlipwayApi(gateway.baseUrl());
        alice = admin.as(userWithToken("alice-" + SUFFIX));
        bob = admin.as(userWithToken("bob-" + SUFFIX));
    }

    @AfterAll
    static void stopBothProcesses() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (worker != null) {
            worker.close();
        }
        for (String id : jobIds) {
            assertThat(Host.containersOf(id)).as("containers of job %s", id).isEmpty();
        }
    }

    @Test
    void aliceAndBobEachSeeOnlyTheirOwnJobsAndBobMayNotCordonAWorker() throws Exception {
        String alices = submit(alice, SlipwayApi.jobBody(POOL, List.of("echo alice"), 60));
        String bobs = submit(bob, SlipwayApi.jobBody(POOL, List.of("echo bob"), 60));

        assertThat(ids(alice.get("/api/v1/jobs?limit=100"))).contains(alices).doesNotContain(bobs);
        assertThat(ids(bob.get("/api/v1/jobs?limit=100"))).contains(bobs).doesNotContain(alices);
        assertThat(ids(admin.get("/api/v1/jobs?limit=100"))).contains(alices, bobs);
        assertThat(bob.get("/api/v1/jobs/" + alices).statusCode()).isEqualTo(404);
        assertThat(bob.get("/api/v1/jobs/" + alices + "/log").statusCode()).isEqualTo(404);
        assertThat(bob.post("/api/v1/jobs/" + alices + "/cancel", "").statusCode())
                .isEqualTo(404);

        assertThat(alice.awaitTerminal(alices, Duration.ofSeconds(60))
                        .get("owner")
                        .asString())
                .isEqualTo("alice-" + SUFFIX);
        assertThat(bob.awaitTerminal(bobs, Duration.ofSeconds(60)).get("state").asString())
                .isEqualTo("SUCCEEDED");
        assertThat(alice.log(alices)).isEqualTo("alice\n");

        HttpResponse<String> cordon = bob.post("/api/v1/workers/" + WORKER_ID + "/cordon", "");
        assertThat(cordon.statusCode()).isEqualTo(403);
        assertThat(cordon.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode stillServing = SlipwayApi.parse(expect(200, bob.get("/api/v1/workers/" + WORKER_ID)));
        assertThat(stillServing.get("state").asString()).isEqualTo("ACTIVE");
    }

    @Test
    void aSecretReachesTheContainerButEveryLogAndResponseShowsItOnlyMasked() throws Exception {
        String secret = "tok-" + UUID.randomUUID();
        String id = submit(alice, """
                {"image":"%s","pool":"%s","timeoutSeconds":60,
                 "script":["echo \\"key=$DEPLOY_KEY\\"","[ ${#DEPLOY_KEY} -eq %d ] && echo the container has it"],
                 "secrets":{"DEPLOY_KEY":"%s"}}
                """.formatted(TestImage.BUSYBOX, POOL, secret.length(), secret));

        List<SseTestClient.Event> streamed;
        try (SseTestClient events =
                SseTestClient.open(gateway.baseUrl() + "/api/v1/jobs/" + id + "/logs", alice.authorization())) {
            streamed = events.readToEnd();
        }
        JsonNode done = alice.awaitTerminal(id, Duration.ofSeconds(60));

        assertThat(done.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(streamed).extracting(SseTestClient.Event::data).contains("key=[MASKED]", "the container has it");
        assertThat(alice.log(id)).isEqualTo("key=[MASKED]\nthe container has it\n");
        assertThat(done.get("spec").get("secretNames").toString()).isEqualTo("[\"DEPLOY_KEY\"]");
        assertThat(done.toString()).doesNotContain(secret);
        assertThat(admin.get("/api/v1/jobs?limit=100").body()).doesNotContain(secret);
        assertThat(admin.get("/api/v1/audit?limit=100").body()).doesNotContain(secret);
        assertThat(redis("EXISTS", RedisKeys.jobSecrets(JobId.of(id)))).isEqualTo("0");
        assertThat(gateway.output()).as("the gateway's log").doesNotContain(secret);
        assertThat(worker.output()).as("the worker's log").doesNotContain(secret);
    }

    @Test
    void aQueuedJobsMessageNamesItsSecretsButDoesNotCarryThem() throws Exception {
        String unserved = "e2e-unserved-" + SUFFIX;
        String secret = "tok-" + UUID.randomUUID();
        String id = submit(alice, """
                {"image":"%s","pool":"%s","script":["true"],"secrets":{"DEPLOY_KEY":"%s"}}
                """.formatted(TestImage.BUSYBOX, unserved, secret));
        String queue = JobTopology.queueFor(unserved);

        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(TestServices.rabbitMq().host());
        factory.setPort(TestServices.rabbitMq().port());
        try (Connection connection = factory.newConnection();
                Channel channel = connection.createChannel()) {
            GetResponse message = channel.basicGet(queue, true);
            channel.queueDelete(queue);

            assertThat(message).as("the job's message on %s", queue).isNotNull();
            String body = new String(message.getBody(), StandardCharsets.UTF_8);
            assertThat(body).contains(id, "DEPLOY_KEY").doesNotContain(secret);
        }
        assertThat(redis("HGET", RedisKeys.jobSecrets(JobId.of(id)), "DEPLOY_KEY"))
                .as("the secret waits in Redis for the worker that claims the job")
                .isEqualTo(secret);

        alice.post("/api/v1/jobs/" + id + "/cancel", "");
        assertThat(alice.awaitTerminal(id, Duration.ofSeconds(30)).get("state").asString())
                .isEqualTo("CANCELLED");
        assertThat(redis("EXISTS", RedisKeys.jobSecrets(JobId.of(id)))).isEqualTo("0");
    }

    private static String userWithToken(String name) throws Exception {
        expect(201, admin.post("/api/v1/users", "{\"name\":\"" + name + "\",\"role\":\"user\"}"));
        return SlipwayApi.parse(expect(201, admin.post("/api/v1/users/" + name + "/tokens", "{\"name\":\"e2e\"}")))
                .get("token")
                .asString();
    }

    private static String expect(int status, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response.body();
    }

    private static String submit(SlipwayApi as, String body) throws Exception {
        String id = as.submit(body);
        jobIds.add(id);
        return id;
    }

    private static List<String> ids(HttpResponse<String> page) {
        return SlipwayApi.parse(expect(200, page))
                .get("items")
                .valueStream()
                .map(item -> item.get("id").asString())
                .toList();
    }

    private static String redis(String... command) throws Exception {
        TestServices.Endpoint redis = TestServices.redis();
        List<String> argv = new ArrayList<>(List.of(
                "redis-cli",
                "-h",
                redis.host(),
                "-p",
                String.valueOf(redis.port()),
                "-n",
                String.valueOf(REDIS_DATABASE),
                "--raw"));
        argv.addAll(List.of(command));
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
