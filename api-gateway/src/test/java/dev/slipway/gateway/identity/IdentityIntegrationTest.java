package dev.slipway.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.gateway.GatewayApplication;
import dev.slipway.gateway.GatewayIntegrationTest;
import dev.slipway.gateway.GatewayTestSupport;
import dev.slipway.gateway.TestApi;
import dev.slipway.model.JobTopology;
import dev.slipway.model.RedisKeys;
import dev.slipway.testing.SseTestClient;
import dev.slipway.testing.TestServices;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Users, tokens, ownership, quotas and the audit trail on a real gateway, RabbitMQ and Redis. */
@ExtendWith(OutputCaptureExtension.class)
class IdentityIntegrationTest extends GatewayIntegrationTest {

    @Autowired
    AmqpAdmin rabbitAdmin;

    private TestApi admin;
    private final String pool = "identity-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void callAsAdmin() {
        admin = TestApi.admin(port);
    }

    @AfterEach
    void deleteThePoolQueue() {
        rabbitAdmin.deleteQueue(JobTopology.queueFor(pool));
    }

    @Test
    void aRequestWithoutAValidTokenIs401ProblemWithABearerChallenge() throws Exception {
        for (String token : new String[] {null, "slp_unknown", "not-even-a-token"}) {
            HttpResponse<String> response = admin.as(token).get("/api/v1/jobs");

            assertThat(response.statusCode()).as("token %s", token).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(header -> assertThat(header).startsWith("Bearer"));
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(admin.expect(401, response).get("type").asString())
                    .isEqualTo("urn:slipway:problem:unauthenticated");
        }
        assertThat(admin.as(null).get("/actuator/health").statusCode()).isEqualTo(200);
    }

    @Test
    void aUserNameIsCheckedAndCanBeTakenOnlyOnce() throws Exception {
        admin.expect(201, admin.post("/api/v1/users", "{\"name\":\"alice\",\"role\":\"user\"}"));

        JsonNode taken = admin.expect(409, admin.post("/api/v1/users", "{\"name\":\"alice\",\"role\":\"operator\"}"));
        JsonNode badName = admin.expect(400, admin.post("/api/v1/users", "{\"name\":\"Alice!\",\"role\":\"user\"}"));
        JsonNode badRole = admin.expect(400, admin.post("/api/v1/users", "{\"name\":\"carol\",\"role\":\"root\"}"));

        assertThat(taken.get("type").asString()).isEqualTo("urn:slipway:problem:user-exists");
        assertThat(badName.get("errors").get(0).get("field").asString()).isEqualTo("name");
        assertThat(badRole.get("errors").get(0).get("field").asString()).isEqualTo("role");
        assertThat(admin.expect(200, admin.get("/api/v1/users/alice"))
                        .get("role")
                        .asString())
                .isEqualTo("user");
    }

    @Test
    void aTokenIsShownOnceStartsWithSlpIsStoredOnlyAsItsHashAndListsWithoutItsSecret() throws Exception {
        admin.expect(201, admin.post("/api/v1/users", "{\"name\":\"alice\",\"role\":\"user\"}"));

        JsonNode issued =
                admin.expect(201, admin.post("/api/v1/users/alice/tokens", "{\"name\":\"ci\",\"expiresInDays\":7}"));
        String secret = issued.get("token").asString();
        JsonNode listed = admin.expect(200, admin.get("/api/v1/users/alice/tokens"));

        assertThat(secret).startsWith("slp_").hasSizeGreaterThan(40);
        assertThat(issued.get("expiresAt").asString()).isNotBlank();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("name").asString()).isEqualTo("ci");
        assertThat(listed.toString()).doesNotContain(secret);
        assertThat(redis.keys("slipway:*")).noneMatch(key -> key.contains(secret));
        assertThat(redis.hasKey(RedisKeys.token(TokenSecrets.sha256(secret)))).isTrue();
        assertThat(redis.getExpire(RedisKeys.token(TokenSecrets.sha256(secret))))
                .isBetween(6L * 86_400, 7L * 86_400);
        JsonNode me = admin.as(secret).expect(200, admin.as(secret).get("/api/v1/me"));
        assertThat(me.get("name").asString()).isEqualTo("alice");
        assertThat(me.get("role").asString()).isEqualTo("user");
        assertThat(admin.expect(200, admin.get("/api/v1/users/alice/tokens"))
                        .get(0)
                        .get("lastUsedAt")
                        .isNull())
                .isFalse();
    }

    @Test
    void aTokenLastsNoLongerThanTheMostTheGatewayAllows() throws Exception {
        admin.expect(201, admin.post("/api/v1/users", "{\"name\":\"alice\",\"role\":\"user\"}"));

        JsonNode tooLong =
                admin.expect(400, admin.post("/api/v1/users/alice/tokens", "{\"name\":\"x\",\"expiresInDays\":366}"));

        assertThat(tooLong.get("errors").get(0).get("field").asString()).isEqualTo("expiresInDays");
    }

    @Test
    void aRevokedTokenADisabledUserAndADeletedUsersTokensAreRefusedAtOnce() throws Exception {
        String alice = admin.createUserWithToken("alice", "user");
        String bob = admin.createUserWithToken("bob", "user");
        String carol = admin.createUserWithToken("carol", "user");
        JsonNode alicesTokens = admin.expect(200, admin.get("/api/v1/users/alice/tokens"));

        admin.expect(
                204,
                admin.send(
                        "DELETE",
                        "/api/v1/users/alice/tokens/"
                                + alicesTokens.get(0).get("id").asString(),
                        null));
        admin.expect(200, admin.send("PATCH", "/api/v1/users/bob", "{\"disabled\":true}"));
        admin.expect(204, admin.send("DELETE", "/api/v1/users/carol", null));

        assertThat(admin.as(alice).get("/api/v1/me").statusCode()).isEqualTo(401);
        assertThat(admin.as(bob).get("/api/v1/me").statusCode()).isEqualTo(401);
        assertThat(admin.as(carol).get("/api/v1/me").statusCode()).isEqualTo(401);
        assertThat(redis.keys(RedisKeys.userTokens("carol"))).isEmpty();
        admin.expect(200, admin.send("PATCH", "/api/v1/users/bob", "{\"disabled\":false}"));
        assertThat(admin.as(bob).get("/api/v1/me").statusCode()).isEqualTo(200);
    }

    @Test
    void aUserManagesTheirOwnTokensButNotAnothersAndTheBuiltInAdminCannotBeDeleted() throws Exception {
        String alice = admin.createUserWithToken("alice", "user");
        admin.createUserWithToken("bob", "user");
        TestApi asAlice = admin.as(alice);

        asAlice.expect(201, asAlice.post("/api/v1/users/alice/tokens", "{\"name\":\"laptop\"}"));
        asAlice.expect(403, asAlice.post("/api/v1/users/bob/tokens", "{\"name\":\"mine-now\"}"));
        admin.expect(409, admin.send("DELETE", "/api/v1/users/admin", null));
    }

    @Test
    void aTokenRevokedOnOneGatewayIsRefusedByAnotherWithinASecond() throws Exception {
        String alice = admin.createUserWithToken("alice", "user");
        String id = admin.expect(200, admin.get("/api/v1/users/alice/tokens"))
                .get(0)
                .get("id")
                .asString();
        Map<String, Object> properties =
                new HashMap<>(TestServices.springProperties(GatewayTestSupport.REDIS_DATABASE));
        properties.put("server.port", "0");
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(GatewayApplication.class)
                .properties(properties)
                .run()) {
            TestApi other =
                    new TestApi(Integer.parseInt(second.getEnvironment().getProperty("local.server.port")), alice);
            assertThat(other.get("/api/v1/me").statusCode()).isEqualTo(200); // its lookup is now cached there

            admin.expect(204, admin.send("DELETE", "/api/v1/users/alice/tokens/" + id, null));
            long revoked = System.nanoTime();
            while (other.get("/api/v1/me").statusCode() == 200) {
                assertThat(Duration.ofNanos(System.nanoTime() - revoked)).isLessThan(Duration.ofSeconds(1));
                Thread.sleep(20);
            }

            assertThat(Duration.ofNanos(System.nanoTime() - revoked)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void aUserSeesListsAndFollowsOnlyTheirOwnJobsWhileOperatorsSeeEveryone() throws Exception {
        TestApi alice = admin.as(admin.createUserWithToken("alice", "user"));
        TestApi bob = admin.as(admin.createUserWithToken("bob", "user"));
        TestApi opal = admin.as(admin.createUserWithToken("opal", "operator"));
        String job = "{\"image\":\"busybox:latest\",\"script\":[\"true\"],\"pool\":\"" + pool + "\"}";

        try (SseTestClient bobsEvents = SseTestClient.open(
                "http://127.0.0.1:" + port + "/api/v1/events", Map.of("Authorization", "Bearer " + bob.token()))) {
            String alices =
                    alice.expect(201, alice.post("/api/v1/jobs", job)).get("id").asString();
            String bobs =
                    bob.expect(201, bob.post("/api/v1/jobs", job)).get("id").asString();

            assertThat(ids(alice.expect(200, alice.get("/api/v1/jobs")))).containsExactly(alices);
            assertThat(ids(bob.expect(200, bob.get("/api/v1/jobs")))).containsExactly(bobs);
            assertThat(ids(opal.expect(200, opal.get("/api/v1/jobs")))).containsExactlyInAnyOrder(alices, bobs);
            assertThat(ids(opal.expect(200, opal.get("/api/v1/jobs?owner=alice"))))
                    .containsExactly(alices);
            assertThat(alice.get("/api/v1/jobs?owner=bob").statusCode()).isEqualTo(403);
            assertThat(alice.get("/api/v1/jobs/" + bobs).statusCode()).isEqualTo(404);
            assertThat(alice.expect(200, alice.get("/api/v1/jobs/" + alices))
                            .get("owner")
                            .asString())
                    .isEqualTo("alice");
            SseTestClient.Event first = bobsEvents.next();
            assertThat(first).isNotNull();
            assertThat(first.data()).contains(bobs).doesNotContain(alices);
        }
    }

    @Test
    void aSubmissionPastTheActiveJobLimitIs429NamingTheLimitAndTheCountEvenWhenTheyRace() throws Exception {
        String token = admin.createUserWithToken("alice", "user");
        admin.expect(200, admin.send("PATCH", "/api/v1/users/alice", "{\"quotas\":{\"maxActiveJobs\":3}}"));
        TestApi alice = admin.as(token);
        String job = "{\"image\":\"busybox:latest\",\"script\":[\"true\"],\"pool\":\"" + pool + "\"}";
        ExecutorService submitters = Executors.newFixedThreadPool(8);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(submitters.submit((Callable<HttpResponse<String>>) () -> alice.post("/api/v1/jobs", job)));
        }
        List<Integer> statuses = new ArrayList<>();
        JsonNode refusal = null;
        for (Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get();
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                refusal = alice.expect(429, response);
            }
        }
        submitters.shutdown();

        assertThat(statuses).filteredOn(status -> status == 201).hasSize(3);
        assertThat(statuses).filteredOn(status -> status == 429).hasSize(5);
        assertThat(refusal).isNotNull();
        assertThat(refusal.get("limit").asInt()).isEqualTo(3);
        assertThat(refusal.get("current").asInt()).isEqualTo(3);
        assertThat(refusal.get("detail").asString()).contains("maxActiveJobs");
    }

    @Test
    void environmentQuotasAreKeptOnTheUserRecordAndAChangeToOneKeepsTheOthers() throws Exception {
        admin.createUserWithToken("alice", "user");
        admin.expect(
                200,
                admin.send(
                        "PATCH",
                        "/api/v1/users/alice",
                        "{\"quotas\":{\"maxEnvironments\":2,\"maxEnvironmentCpus\":1.5,\"maxEnvironmentMemoryMb\":1024}}"));

        admin.expect(200, admin.send("PATCH", "/api/v1/users/alice", "{\"quotas\":{\"maxEnvironments\":3}}"));

        JsonNode quotas = admin.expect(200, admin.get("/api/v1/users/alice")).get("quotas");
        assertThat(quotas.get("maxEnvironments").asInt()).isEqualTo(3);
        assertThat(quotas.get("maxEnvironmentCpus").asDouble()).isEqualTo(1.5);
        assertThat(quotas.get("maxEnvironmentMemoryMb").asLong()).isEqualTo(1024);
        HttpResponse<String> negative =
                admin.send("PATCH", "/api/v1/users/alice", "{\"quotas\":{\"maxEnvironmentCpus\":-1}}");
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(negative.body()).contains("quotas.maxEnvironmentCpus");
    }

    @Test
    void everyMutatingCallAndEveryRefusedAuthenticationIsAudited(CapturedOutput output) throws Exception {
        String alice = admin.createUserWithToken("alice", "user");
        admin.as(alice)
                .post("/api/v1/jobs", "{\"image\":\"busybox:latest\",\"script\":[\"true\"],\"pool\":\"" + pool + "\"}");
        admin.as("slp_forged").get("/api/v1/jobs");
        admin.as(alice).post("/api/v1/workers/nobody/cordon", null);

        JsonNode trail = admin.expect(200, admin.get("/api/v1/audit?limit=20")).get("items");
        JsonNode alicesOnly =
                admin.expect(200, admin.get("/api/v1/audit?actor=alice")).get("items");

        assertThat(actions(trail))
                .containsSubsequence(
                        "worker.cordon 403",
                        "auth.refused 401",
                        "job.submit 201",
                        "token.create 201",
                        "user.create 201");
        assertThat(alicesOnly)
                .allSatisfy(entry -> assertThat(entry.get("actor").asString()).isEqualTo("alice"));
        assertThat(trail.get(0).get("source").asString()).isEqualTo("127.0.0.1");
        assertThat(trail.get(0).get("role").asString()).isEqualTo("user");
        assertThat(output.getOut()).contains("slipway.audit").contains("\"action\":\"job.submit\"");
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }

    private static List<String> actions(JsonNode entries) {
        List<String> actions = new ArrayList<>();
        entries.forEach(entry -> actions.add(entry.get("action").asString() + " "
                + entry.get("outcome").asString().split(" ", -1)[0]));
        return actions;
    }
}
