package dev.slipway.gateway.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.gateway.GatewayIntegrationTest;
import dev.slipway.gateway.TestApi;
import dev.slipway.model.EnvironmentId;
import dev.slipway.model.EnvironmentState;
import dev.slipway.model.EnvironmentTopology;
import dev.slipway.model.EnvironmentUpdate;
import dev.slipway.model.JobTopology;
import dev.slipway.model.WorkerId;
import dev.slipway.redis.RedisEnvironments;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The environments API on a real gateway, Redis and RabbitMQ, with no worker: what is accepted and
 * queued, what is refused and why, who sees what, and the quota checks of create and start. (The
 * worker's side is EnvironmentsE2E's.) A worker's moves are made here on the records directly.
 */
class EnvironmentApiIntegrationTest extends GatewayIntegrationTest {

    private final String pool = "envapi-" + UUID.randomUUID().toString().substring(0, 8);

    @Autowired
    RedisEnvironments environments;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    AmqpAdmin rabbitAdmin;

    private TestApi admin;

    @BeforeEach
    void aTemplateInAPoolOfThisTest() throws Exception {
        admin = TestApi.admin(port);
        admin.expect(201, admin.post("/api/v1/templates", """
                {"name":"box","image":"busybox:latest","pool":"%s","maxTtl":"PT2H",
                 "resources":{"cpus":1,"memoryMb":100,"pidsLimit":64}}""".formatted(pool)));
    }

    @AfterEach
    void deleteTheCreateQueue() {
        rabbitAdmin.deleteQueue(createQueue());
    }

    @Test
    void aCreateIsRecordedPendingAndItsCreateWaitsInThePoolsEnvironmentQueue() throws Exception {
        HttpResponse<String> response = admin.post("/api/v1/environments", "{\"template\":\"box\",\"name\":\"dev\"}");

        JsonNode created = admin.expect(201, response);
        String id = created.get("id").asString();
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/environments/" + id);
        assertThat(created.get("state").asString()).isEqualTo("PENDING");
        assertThat(created.get("name").asString()).isEqualTo("dev");
        assertThat(created.get("owner").asString()).isEqualTo("admin");
        assertThat(created.get("workerId").isNull()).isTrue();
        assertThat(Duration.between(
                        Instant.parse(created.get("createdAt").asString()),
                        Instant.parse(created.get("expiresAt").asString())))
                .as("the template's ttl, the default 8 h capped by its maxTtl")
                .isEqualTo(Duration.ofHours(2));
        Message message = rabbit.receive(createQueue(), 5000);
        assertThat(message).isNotNull();
        assertThat(new String(message.getBody(), StandardCharsets.UTF_8)).contains("\"type\":\"create\"", id);
    }

    @Test
    void anUnknownTemplateIs422NamingTemplateAndATtlPastMaxTtlIs400NamingTtl() throws Exception {
        JsonNode unknown = admin.expect(422, admin.post("/api/v1/environments", "{\"template\":\"nope\"}"));
        assertThat(unknown.at("/errors/0/field").asString()).isEqualTo("template");
        assertThat(unknown.get("type").asString()).isEqualTo("urn:slipway:problem:unknown-template");

        JsonNode tooLong =
                admin.expect(400, admin.post("/api/v1/environments", "{\"template\":\"box\",\"ttl\":\"PT3H\"}"));
        assertThat(tooLong.at("/errors/0/field").asString()).isEqualTo("ttl");
        assertThat(tooLong.at("/errors/0/reason").asString()).contains("PT2H");

        JsonNode missing = admin.expect(400, admin.post("/api/v1/environments", "{\"name\":\"x\"}"));
        assertThat(missing.at("/errors/0/field").asString()).isEqualTo("template");
        JsonNode badDuration =
                admin.expect(400, admin.post("/api/v1/environments", "{\"template\":\"box\",\"ttl\":\"soon\"}"));
        assertThat(badDuration.at("/errors/0/field").asString()).isEqualTo("ttl");
        assertThat(admin.expect(200, admin.get("/api/v1/environments")).get("items"))
                .as("nothing refused was recorded")
                .isEmpty();
    }

    @Test
    void aCreatePastTheEnvironmentCountIsRefusedAndADeleteMakesRoomAtOnce() throws Exception {
        TestApi alice = userWithQuotas("alice", "{\"maxEnvironments\":2}");
        String first = create(alice);
        create(alice);

        JsonNode refused = alice.expect(409, alice.post("/api/v1/environments", "{\"template\":\"box\"}"));

        assertThat(refused.get("type").asString()).isEqualTo("urn:slipway:problem:quota-exceeded");
        assertThat(refused.get("limit").asString()).isEqualTo("maxEnvironments");
        assertThat(refused.get("max").asDouble()).isEqualTo(2);
        assertThat(refused.get("current").asDouble()).isEqualTo(2);
        JsonNode removed = alice.expect(202, alice.send("DELETE", "/api/v1/environments/" + first, null));
        assertThat(removed.get("state").asString())
                .as("a PENDING environment no worker holds is removed at once")
                .isEqualTo("REMOVED");
        create(alice);
    }

    @Test
    void aStartIsCheckedAgainstTheOwnersMemoryQuotaLikeACreate() throws Exception {
        TestApi alice = userWithQuotas("alice", "{\"maxEnvironmentMemoryMb\":150}");
        String first = create(alice);
        JsonNode tooMuch = alice.expect(409, alice.post("/api/v1/environments", "{\"template\":\"box\"}"));
        assertThat(tooMuch.get("limit").asString()).isEqualTo("maxEnvironmentMemoryMb");
        assertThat(tooMuch.get("current").asDouble()).isEqualTo(100);
        asAWorker(first, EnvironmentState.CREATING, EnvironmentState.RUNNING, EnvironmentState.STOPPING);
        asAWorker(first, EnvironmentState.STOPPED);
        create(alice); // a stopped environment holds no memory

        JsonNode refused = alice.expect(409, alice.post("/api/v1/environments/" + first + "/start", null));

        assertThat(refused.get("limit").asString()).isEqualTo("maxEnvironmentMemoryMb");
        assertThat(refused.get("max").asDouble()).isEqualTo(150);
        assertThat(alice.expect(200, alice.get("/api/v1/environments/" + first))
                        .get("state")
                        .asString())
                .isEqualTo("STOPPED");
    }

    @Test
    void aChangeInTheWrongStateIs409NamingTheStateAndAnotherUsersEnvironmentIs404() throws Exception {
        TestApi alice = userWithQuotas("alice", "{}");
        TestApi bob = admin.as(admin.createUserWithToken("bob", "user"));
        String id = create(alice);

        JsonNode wrong = alice.expect(409, alice.post("/api/v1/environments/" + id + "/stop", null));
        assertThat(wrong.get("type").asString()).isEqualTo("urn:slipway:problem:environment-state");
        assertThat(wrong.get("state").asString()).isEqualTo("PENDING");
        assertThat(alice.expect(409, alice.post("/api/v1/environments/" + id + "/exec", "{\"command\":[\"true\"]}"))
                        .get("state")
                        .asString())
                .isEqualTo("PENDING");

        JsonNode hidden = bob.expect(404, bob.get("/api/v1/environments/" + id));
        assertThat(hidden.get("type").asString()).isEqualTo("urn:slipway:problem:environment-not-found");
        bob.expect(404, bob.post("/api/v1/environments/" + id + "/stop", null));
        bob.expect(404, bob.get("/api/v1/environments/not-an-id"));
        assertThat(bob.expect(200, bob.get("/api/v1/environments")).get("items"))
                .isEmpty();
    }

    @Test
    void aRunningEnvironmentIsStoppedThroughItsWorkersQueue() throws Exception {
        String id = create(admin);
        asAWorker(id, EnvironmentState.CREATING, EnvironmentState.RUNNING);

        JsonNode stopping = admin.expect(202, admin.post("/api/v1/environments/" + id + "/stop", null));

        assertThat(stopping.get("state").asString()).isEqualTo("STOPPING");
        Message prompt = rabbit.receive(workerQueue(), 5000);
        assertThat(prompt).isNotNull();
        assertThat(new String(prompt.getBody(), StandardCharsets.UTF_8)).contains("\"type\":\"settle\"", id);
        rabbitAdmin.deleteQueue(workerQueue());
    }

    @Test
    void theTtlIsExtendedFromNowWithinMaxTtlFromCreation() throws Exception {
        JsonNode created =
                admin.expect(201, admin.post("/api/v1/environments", "{\"template\":\"box\",\"ttl\":\"PT10M\"}"));
        String id = created.get("id").asString();

        JsonNode extended = admin.expect(200, admin.post("/api/v1/environments/" + id + "/ttl", "{\"ttl\":\"PT1H\"}"));
        JsonNode tooLong = admin.expect(400, admin.post("/api/v1/environments/" + id + "/ttl", "{\"ttl\":\"PT3H\"}"));
        JsonNode missing = admin.expect(400, admin.post("/api/v1/environments/" + id + "/ttl", "{}"));

        assertThat(Instant.parse(extended.get("expiresAt").asString()))
                .isAfter(Instant.parse(created.get("expiresAt").asString()).plus(Duration.ofMinutes(49)));
        assertThat(tooLong.at("/errors/0/field").asString()).isEqualTo("ttl");
        assertThat(missing.at("/errors/0/field").asString()).isEqualTo("ttl");
        JsonNode huge = admin.expect(
                400, admin.post("/api/v1/environments/" + id + "/ttl", "{\"ttl\":\"PT9223372036854775807S\"}"));
        assertThat(huge.at("/errors/0/field").asString()).isEqualTo("ttl");
    }

    @Test
    void anEnvironmentPastItsExpiryGetsNoNewLifetime() throws Exception {
        String id = create(admin);
        environments.update(
                EnvironmentId.of(id),
                current -> Optional.of(current.expiringAt(Instant.now().minusSeconds(1))),
                null);

        JsonNode refused = admin.expect(409, admin.post("/api/v1/environments/" + id + "/ttl", "{\"ttl\":\"PT1H\"}"));

        assertThat(refused.get("type").asString()).isEqualTo("urn:slipway:problem:environment-expired");
    }

    @Test
    void anExecNeedsACommandAndATimeoutWithinBounds() throws Exception {
        String id = create(admin);

        JsonNode empty = admin.expect(400, admin.post("/api/v1/environments/" + id + "/exec", "{\"command\":[]}"));
        JsonNode zero = admin.expect(
                400,
                admin.post("/api/v1/environments/" + id + "/exec", "{\"command\":[\"true\"],\"timeoutSeconds\":0}"));

        assertThat(empty.at("/errors/0/field").asString()).isEqualTo("command");
        assertThat(zero.at("/errors/0/field").asString()).isEqualTo("timeoutSeconds");
    }

    @Test
    void aUserListsTheirOwnAndAnOperatorFiltersByOwnerAndStatePageByPage() throws Exception {
        TestApi alice = userWithQuotas("alice", "{}");
        TestApi operator = admin.as(admin.createUserWithToken("opal", "operator"));
        String a1 = create(alice);
        String a2 = create(alice);
        String a3 = create(alice);
        create(admin);
        alice.expect(202, alice.send("DELETE", "/api/v1/environments/" + a2, null));

        JsonNode page = operator.expect(200, operator.get("/api/v1/environments?owner=alice&limit=2"));
        assertThat(page.get("items")).extracting(e -> e.get("id").asString()).containsExactly(a3, a2);
        JsonNode next = operator.expect(
                200,
                operator.get("/api/v1/environments?owner=alice&limit=2&cursor="
                        + page.get("nextCursor").asString()));
        assertThat(next.get("items")).extracting(e -> e.get("id").asString()).containsExactly(a1);
        assertThat(next.get("nextCursor").isNull()).isTrue();
        JsonNode pending = alice.expect(200, alice.get("/api/v1/environments?state=pending"));
        assertThat(pending.get("items")).extracting(e -> e.get("id").asString()).containsExactly(a3, a1);
        assertThat(operator.expect(200, operator.get("/api/v1/environments")).get("items"))
                .hasSize(4);
        alice.expect(403, alice.get("/api/v1/environments?owner=admin"));
        JsonNode badState = alice.expect(400, alice.get("/api/v1/environments?state=ASLEEP"));
        assertThat(badState.at("/errors/0/field").asString()).isEqualTo("state");
    }

    private String create(TestApi caller) throws Exception {
        return caller.expect(201, caller.post("/api/v1/environments", "{\"template\":\"box\"}"))
                .get("id")
                .asString();
    }

    private TestApi userWithQuotas(String name, String quotas) throws Exception {
        TestApi user = admin.as(admin.createUserWithToken(name, "user"));
        admin.expect(200, admin.send("PATCH", "/api/v1/users/" + name, "{\"quotas\":" + quotas + "}"));
        return user;
    }

    /** Moves the environment as its worker would, through the same records. */
    private void asAWorker(String id, EnvironmentState... states) {
        for (EnvironmentState state : states) {
            EnvironmentUpdate update = environments.update(
                    EnvironmentId.of(id),
                    current -> Optional.of(
                            state == EnvironmentState.CREATING
                                    ? current.placedOn(worker(), Instant.now())
                                    : current.withState(state, Instant.now())),
                    null);
            assertThat(update).isInstanceOf(EnvironmentUpdate.Applied.class);
        }
    }

    private WorkerId worker() {
        return WorkerId.of("w-" + pool);
    }

    private String createQueue() {
        return JobTopology.queueForRoute(EnvironmentTopology.createRoute(pool, Map.of()));
    }

    private String workerQueue() {
        return JobTopology.queueForRoute(EnvironmentTopology.workerRoute(worker()));
    }
}
