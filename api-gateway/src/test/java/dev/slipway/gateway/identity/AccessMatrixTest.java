package dev.slipway.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.gateway.GatewayTestSupport;
import dev.slipway.gateway.TestApi;
import dev.slipway.model.EnvironmentTopology;
import dev.slipway.model.JobTopology;
import dev.slipway.model.WorkerId;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what: every endpoint of the gateway, against anonymous, the owner of what it names,
 * another user, an operator and an admin, with the status each must get. An endpoint that has no
 * row here fails {@link #everyEndpointHasARow}: a new endpoint cannot ship without a decision.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AccessMatrixTest {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        GatewayTestSupport.services(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    JsonMapper json;

    @Autowired
    dev.slipway.artifacts.ArtifactStore artifacts;

    @Autowired
    AmqpAdmin rabbitAdmin;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private final String pool = "matrix-" + UUID.randomUUID().toString().substring(0, 8);
    private TestApi admin;
    private final Map<String, @Nullable String> tokens = new LinkedHashMap<>();

    /** What a row's request is made of, prepared afresh for each caller (a cancel needs a job of its own). */
    private record Request(String path, @Nullable String body) {}

    /**
     * One endpoint and the status each caller gets.
     *
     * @param stream an event stream: only its status is read
     */
    private record Row(
            String method,
            String pattern,
            Function<AccessMatrixTest, Request> request,
            boolean stream,
            int anonymous,
            int owner,
            int other,
            int operator,
            int admin) {

        int expected(String caller) {
            return switch (caller) {
                case "anonymous" -> anonymous;
                case "owner" -> owner;
                case "other" -> other;
                case "operator" -> operator;
                default -> admin;
            };
        }
    }

    private static Row row(
            String method,
            String pattern,
            Function<AccessMatrixTest, Request> request,
            int anonymous,
            int owner,
            int other,
            int operator,
            int admin) {
        return new Row(method, pattern, request, false, anonymous, owner, other, operator, admin);
    }

    private static Row stream(
            String pattern,
            Function<AccessMatrixTest, Request> request,
            int anonymous,
            int owner,
            int other,
            int operator,
            int admin) {
        return new Row("GET", pattern, request, true, anonymous, owner, other, operator, admin);
    }

    private static final String JOB = "{\"image\":\"busybox:latest\",\"script\":[\"true\"],\"pool\":\"%s\"}";

    private static final String TEMPLATE = "{\"name\":\"%s\",\"image\":\"busybox:latest\"}";

    /** The table. The owner is alice: of the job, of the user record, of the token a row names. */
    private static final List<Row> ROWS = List.of(
            row(
                    "POST",
                    "/api/v1/jobs",
                    t -> new Request("/api/v1/jobs", JOB.formatted(t.pool)),
                    401,
                    201,
                    201,
                    201,
                    201),
            row("GET", "/api/v1/jobs", t -> new Request("/api/v1/jobs", null), 401, 200, 200, 200, 200),
            // Anyone signed in may upload a source; an upload is seen by its owner, operators and admins.
            row("POST", "/api/v1/uploads", t -> new Request("/api/v1/uploads", null), 401, 201, 201, 201, 201),
            row(
                    "GET",
                    "/api/v1/uploads/{id}",
                    t -> new Request("/api/v1/uploads/" + t.alicesUpload(), null),
                    401,
                    200,
                    404,
                    200,
                    200),
            // Artifacts follow the job: its owner, operators and admins; to anyone else the job does not exist.
            row(
                    "GET",
                    "/api/v1/jobs/{id}/artifacts",
                    t -> new Request("/api/v1/jobs/" + t.alicesJob() + "/artifacts", null),
                    401,
                    200,
                    404,
                    200,
                    200),
            row(
                    "GET",
                    "/api/v1/jobs/{id}/artifacts/**",
                    t -> new Request("/api/v1/jobs/" + t.alicesJobWithAnArtifact() + "/artifacts/out/a.txt", null),
                    401,
                    200,
                    404,
                    200,
                    200),
            row(
                    "GET",
                    "/api/v1/jobs/{id}/artifacts.zip",
                    t -> new Request("/api/v1/jobs/" + t.alicesJobWithAnArtifact() + "/artifacts.zip", null),
                    401,
                    200,
                    404,
                    200,
                    200),
            row(
                    "GET",
                    "/api/v1/jobs/{id}",
                    t -> new Request("/api/v1/jobs/" + t.alicesJob(), null),
                    401,
                    200,
                    404,
                    200,
                    200),
            row(
                    "POST",
                    "/api/v1/jobs/{id}/cancel",
                    t -> new Request("/api/v1/jobs/" + t.alicesJob() + "/cancel", null),
                    401,
                    202,
                    404,
                    403,
                    202),
            row(
                    "GET",
                    "/api/v1/jobs/{id}/log",
                    t -> new Request("/api/v1/jobs/" + t.alicesJob() + "/log", null),
                    401,
                    200,
                    404,
                    200,
                    200),
            stream(
                    "/api/v1/jobs/{id}/logs",
                    t -> new Request("/api/v1/jobs/" + t.alicesJob() + "/logs", null),
                    401,
                    200,
                    404,
                    200,
                    200),
            stream(
                    "/api/v1/jobs/{id}/events",
                    t -> new Request("/api/v1/jobs/" + t.alicesJob() + "/events", null),
                    401,
                    200,
                    404,
                    200,
                    200),
            stream("/api/v1/events", t -> new Request("/api/v1/events", null), 401, 200, 200, 200, 200),
            row("GET", "/api/v1/workers", t -> new Request("/api/v1/workers", null), 401, 200, 200, 200, 200),
            row(
                    "GET",
                    "/api/v1/workers/{id}",
                    t -> new Request("/api/v1/workers/" + t.worker(), null),
                    401,
                    200,
                    200,
                    200,
                    200),
            row(
                    "POST",
                    "/api/v1/workers/{id}/cordon",
                    t -> new Request("/api/v1/workers/" + t.worker() + "/cordon", null),
                    401,
                    403,
                    403,
                    202,
                    202),
            row(
                    "POST",
                    "/api/v1/workers/{id}/uncordon",
                    t -> new Request("/api/v1/workers/" + t.worker() + "/uncordon", null),
                    401,
                    403,
                    403,
                    202,
                    202),
            row(
                    "POST",
                    "/api/v1/workers/{id}/drain",
                    t -> new Request("/api/v1/workers/" + t.worker() + "/drain", null),
                    401,
                    403,
                    403,
                    202,
                    202),
            row("GET", "/api/v1/pools", t -> new Request("/api/v1/pools", null), 401, 200, 200, 200, 200),
            row(
                    "POST",
                    "/api/v1/templates",
                    t -> new Request("/api/v1/templates", TEMPLATE.formatted("t-" + t.fresh())),
                    401,
                    403,
                    403,
                    201,
                    201),
            row("GET", "/api/v1/templates", t -> new Request("/api/v1/templates", null), 401, 200, 200, 200, 200),
            row(
                    "GET",
                    "/api/v1/templates/{name}",
                    t -> new Request("/api/v1/templates/" + t.template(), null),
                    401,
                    200,
                    200,
                    200,
                    200),
            row(
                    "PUT",
                    "/api/v1/templates/{name}",
                    t -> {
                        String name = t.template();
                        return new Request("/api/v1/templates/" + name, TEMPLATE.formatted(name));
                    },
                    401,
                    403,
                    403,
                    200,
                    200),
            row(
                    "DELETE",
                    "/api/v1/templates/{name}",
                    t -> new Request("/api/v1/templates/" + t.template(), null),
                    401,
                    403,
                    403,
                    204,
                    204),
            row(
                    "POST",
                    "/api/v1/environments",
                    t -> new Request("/api/v1/environments", "{\"template\":\"" + t.environmentTemplate() + "\"}"),
                    401,
                    201,
                    201,
                    201,
                    201),
            row("GET", "/api/v1/environments", t -> new Request("/api/v1/environments", null), 401, 200, 200, 200, 200),
            row(
                    "GET",
                    "/api/v1/environments/{id}",
                    t -> new Request("/api/v1/environments/" + t.alicesEnvironment(), null),
                    401,
                    200,
                    404,
                    200,
                    200),
            // A new environment waits PENDING (no worker here): a stop, start, restart or exec is a
            // 409 for whoever may change it, which proves the access check passed.
            row(
                    "POST",
                    "/api/v1/environments/{id}/stop",
                    t -> new Request("/api/v1/environments/" + t.alicesEnvironment() + "/stop", null),
                    401,
                    409,
                    404,
                    403,
                    409),
            row(
                    "POST",
                    "/api/v1/environments/{id}/start",
                    t -> new Request("/api/v1/environments/" + t.alicesEnvironment() + "/start", null),
                    401,
                    409,
                    404,
                    403,
                    409),
            row(
                    "POST",
                    "/api/v1/environments/{id}/restart",
                    t -> new Request("/api/v1/environments/" + t.alicesEnvironment() + "/restart", null),
                    401,
                    409,
                    404,
                    403,
                    409),
            row(
                    "POST",
                    "/api/v1/environments/{id}/exec",
                    t -> new Request(
                            "/api/v1/environments/" + t.alicesEnvironment() + "/exec", "{\"command\":[\"true\"]}"),
                    401,
                    409,
                    404,
                    403,
                    409),
            row(
                    "POST",
                    "/api/v1/environments/{id}/ttl",
                    t -> new Request("/api/v1/environments/" + t.alicesEnvironment() + "/ttl", "{\"ttl\":\"PT1H\"}"),
                    401,
                    200,
                    404,
                    403,
                    200),
            row(
                    "DELETE",
                    "/api/v1/environments/{id}",
                    t -> new Request("/api/v1/environments/" + t.alicesEnvironment(), null),
                    401,
                    202,
                    404,
                    403,
                    202),
            // Opening a terminal is the owner's and admins' only, not an operator's: read access
            // does not imply it. The environment is PENDING here, so whoever may open gets a 409.
            row(
                    "POST",
                    "/api/v1/environments/{id}/terminals",
                    t -> new Request("/api/v1/environments/" + t.alicesEnvironment() + "/terminals", "{}"),
                    401,
                    409,
                    404,
                    403,
                    409),
            row(
                    "GET",
                    "/api/v1/environments/{id}/terminals",
                    t -> new Request("/api/v1/environments/" + t.alicesEnvironment() + "/terminals", null),
                    401,
                    200,
                    404,
                    403,
                    200),
            // Of a session: its owner gets tickets that type, an admin tickets that watch; to anyone
            // else it does not exist. Its environment is PENDING here, so a ticket is a 409 for those
            // who may have one.
            row(
                    "POST",
                    "/api/v1/terminals/{sessionId}/tickets",
                    t -> new Request("/api/v1/terminals/" + t.alicesTerminal() + "/tickets", null),
                    401,
                    409,
                    404,
                    404,
                    409),
            row(
                    "GET",
                    "/api/v1/terminals/{sessionId}",
                    t -> new Request("/api/v1/terminals/" + t.alicesTerminal(), null),
                    401,
                    200,
                    404,
                    404,
                    200),
            row(
                    "DELETE",
                    "/api/v1/terminals/{sessionId}",
                    t -> new Request("/api/v1/terminals/" + t.alicesTerminal(), null),
                    401,
                    202,
                    404,
                    404,
                    202),
            stream(
                    "/api/v1/environments/{id}/events",
                    t -> new Request("/api/v1/environments/" + t.alicesEnvironment() + "/events", null),
                    401,
                    200,
                    404,
                    200,
                    200),
            stream(
                    "/api/v1/environments/{id}/stats",
                    t -> new Request("/api/v1/environments/" + t.alicesEnvironment() + "/stats", null),
                    401,
                    200,
                    404,
                    200,
                    200),
            row("GET", "/api/v1/images", t -> new Request("/api/v1/images", null), 401, 200, 200, 200, 200),
            row(
                    "POST",
                    "/api/v1/images/pull",
                    t -> {
                        t.worker(); // a live worker of the pool
                        return new Request(
                                "/api/v1/images/pull", "{\"image\":\"busybox:latest\",\"pool\":\"" + t.pool + "\"}");
                    },
                    401,
                    403,
                    403,
                    202,
                    202),
            row(
                    "GET",
                    "/api/v1/images/pulls/{id}",
                    t -> new Request("/api/v1/images/pulls/" + t.imagePull(), null),
                    401,
                    403,
                    403,
                    200,
                    200),
            row(
                    "POST",
                    "/api/v1/users",
                    t -> new Request("/api/v1/users", "{\"name\":\"u-" + t.fresh() + "\",\"role\":\"user\"}"),
                    401,
                    403,
                    403,
                    403,
                    201),
            row("GET", "/api/v1/users", t -> new Request("/api/v1/users", null), 401, 403, 403, 403, 200),
            row("GET", "/api/v1/users/{name}", t -> new Request("/api/v1/users/alice", null), 401, 200, 403, 403, 200),
            row(
                    "PATCH",
                    "/api/v1/users/{name}",
                    t -> new Request("/api/v1/users/alice", "{\"quotas\":{\"maxActiveJobs\":50}}"),
                    401,
                    403,
                    403,
                    403,
                    200),
            row(
                    "DELETE",
                    "/api/v1/users/{name}",
                    t -> new Request("/api/v1/users/" + t.disposableUser(), null),
                    401,
                    403,
                    403,
                    403,
                    204),
            row(
                    "POST",
                    "/api/v1/users/{name}/tokens",
                    t -> new Request("/api/v1/users/alice/tokens", "{\"name\":\"ci\"}"),
                    401,
                    201,
                    403,
                    403,
                    201),
            row(
                    "GET",
                    "/api/v1/users/{name}/tokens",
                    t -> new Request("/api/v1/users/alice/tokens", null),
                    401,
                    200,
                    403,
                    403,
                    200),
            row(
                    "DELETE",
                    "/api/v1/users/{name}/tokens/{id}",
                    t -> new Request("/api/v1/users/alice/tokens/" + t.alicesSpareToken(), null),
                    401,
                    204,
                    403,
                    403,
                    204),
            row("GET", "/api/v1/me", t -> new Request("/api/v1/me", null), 401, 200, 200, 200, 200),
            row("GET", "/api/v1/audit", t -> new Request("/api/v1/audit", null), 401, 403, 403, 403, 200),
            row("GET", "/actuator/health", t -> new Request("/actuator/health", null), 200, 200, 200, 200, 200),
            row("GET", "/actuator/info", t -> new Request("/actuator/info", null), 401, 200, 200, 200, 200));

    @BeforeEach
    void signUpTheCallers() throws Exception {
        redis.execute((RedisCallback<Void>) connection -> {
            connection.serverCommands().flushDb();
            return null;
        });
        admin = TestApi.admin(port);
        tokens.put("anonymous", null);
        tokens.put("owner", admin.createUserWithToken("alice", "user"));
        tokens.put("other", admin.createUserWithToken("bob", "user"));
        tokens.put("operator", admin.createUserWithToken("opal", "operator"));
        tokens.put("admin", dev.slipway.testing.TestAuth.ADMIN_TOKEN);
        // the environment rows make dozens of alice's environments
        admin.expect(
                200,
                admin.send(
                        "PATCH",
                        "/api/v1/users/alice",
                        "{\"quotas\":{\"maxEnvironments\":100,\"maxEnvironmentCpus\":100,\"maxEnvironmentMemoryMb\":100000}}"));
    }

    @AfterEach
    void deleteThePoolQueue() {
        rabbitAdmin.deleteQueue(JobTopology.queueFor(pool));
        rabbitAdmin.deleteQueue(JobTopology.queueForRoute(EnvironmentTopology.createRoute(pool, Map.of())));
        rabbitAdmin.deleteQueue(
                JobTopology.queueForRoute(EnvironmentTopology.workerRoute(WorkerId.of("matrix-worker"))));
    }

    @Test
    void everyEndpointAnswersEachCallerAsTheTableSays() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Row row : ROWS) {
            for (Map.Entry<String, @Nullable String> caller : tokens.entrySet()) {
                Request request = row.request().apply(this);
                int status = status(admin.as(caller.getValue()), row, request);
                if (status != row.expected(caller.getKey())) {
                    wrong.add(row.method() + " " + request.path() + " as " + caller.getKey() + ": " + status
                            + ", expected " + row.expected(caller.getKey()));
                }
            }
        }
        assertThat(wrong).as("answers that differ from the table").isEmpty();
    }

    @Test
    void everyEndpointHasARow() {
        Set<String> endpoints = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping :
                mappings.getHandlerMethods().entrySet()) {
            if (!mapping.getValue().getBeanType().getPackageName().startsWith("dev.slipway")) {
                continue; // Boot's error controller
            }
            RequestMappingInfo info = mapping.getKey();
            for (String pattern : info.getPatternValues()) {
                info.getMethodsCondition().getMethods().forEach(method -> endpoints.add(method + " " + pattern));
            }
        }
        Set<String> covered = ROWS.stream()
                .map(row -> row.method() + " " + row.pattern())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(covered).as("every endpoint has a row in the access table").containsAll(endpoints);
    }

    private static int status(TestApi api, Row row, Request request) throws Exception {
        if (row.stream()) {
            HttpResponse<InputStream> response = api.open(request.path());
            response.body().close();
            return response.statusCode();
        }
        if (row.method().equals("POST") && row.pattern().equals("/api/v1/uploads")) {
            return api.upload(EMPTY_TAR).statusCode();
        }
        return api.send(row.method(), request.path(), request.body()).statusCode();
    }

    /** An archive of no entries: its two end-of-archive blocks. */
    private static final byte[] EMPTY_TAR = new byte[1024];

    /** An upload of alice's. */
    private String alicesUpload() {
        try {
            return admin.as(tokens.get("owner"))
                    .expect(201, admin.as(tokens.get("owner")).upload(EMPTY_TAR))
                    .get("id")
                    .asString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A job of alice's that kept {@code out/a.txt}, as its worker would have stored and listed it. */
    private String alicesJobWithAnArtifact() {
        String id = alicesJob();
        dev.slipway.model.JobId job = dev.slipway.model.JobId.of(id);
        dev.slipway.artifacts.StoredObject stored = artifacts.put(
                dev.slipway.artifacts.ObjectKey.of("jobs", id, "1", "out", "a.txt"),
                new java.io.ByteArrayInputStream("a\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                1024);
        redis.opsForHash().put(dev.slipway.model.RedisKeys.jobArtifacts(job), "@attempt", "1");
        redis.opsForHash()
                .put(
                        dev.slipway.model.RedisKeys.jobArtifacts(job),
                        "@expiresAt",
                        String.valueOf(System.currentTimeMillis() + 3_600_000));
        redis.opsForHash()
                .put(
                        dev.slipway.model.RedisKeys.jobArtifacts(job),
                        "out/a.txt",
                        json.writeValueAsString(
                                new dev.slipway.model.ArtifactFile("out/a.txt", stored.size(), stored.sha256())));
        return id;
    }

    /** A fresh job of alice's, queued for a pool no worker serves, so that it stays queued. */
    private String alicesJob() {
        try {
            return admin.as(tokens.get("owner"))
                    .expect(201, admin.as(tokens.get("owner")).post("/api/v1/jobs", JOB.formatted(pool)))
                    .get("id")
                    .asString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String worker() {
        WorkerId worker = WorkerId.of("matrix-worker");
        GatewayTestSupport.liveWorker(redis, json, worker, List.of(pool));
        return worker.value();
    }

    /** A fresh template, written by the admin. */
    private String template() {
        String name = "t-" + fresh();
        try {
            admin.expect(201, admin.post("/api/v1/templates", TEMPLATE.formatted(name)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return name;
    }

    /** The template of the environment rows, in this test's pool, written once. */
    private String environmentTemplate() {
        String name = "env-" + pool;
        try {
            if (admin.get("/api/v1/templates/" + name).statusCode() == 404) {
                admin.expect(
                        201,
                        admin.post(
                                "/api/v1/templates",
                                "{\"name\":\"" + name + "\",\"image\":\"busybox:latest\",\"pool\":\"" + pool + "\"}"));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return name;
    }

    /** A pull the admin asked for, of the test's pool's worker. */
    private String imagePull() {
        worker();
        try {
            return admin.expect(
                            202,
                            admin.post(
                                    "/api/v1/images/pull", "{\"image\":\"busybox:latest\",\"pool\":\"" + pool + "\"}"))
                    .get("id")
                    .asString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An open terminal session of alice's, as its worker would have recorded it (no worker runs here). */
    private String alicesTerminal() {
        String id = java.util.UUID.randomUUID().toString();
        java.time.Instant now = java.time.Instant.now();
        dev.slipway.model.TerminalSession session = new dev.slipway.model.TerminalSession(
                id,
                dev.slipway.model.EnvironmentId.of(alicesEnvironment()),
                "alice",
                dev.slipway.model.WorkerId.of("no-worker-" + fresh()),
                dev.slipway.model.TerminalState.OPEN,
                80,
                24,
                now,
                1800,
                now.plusSeconds(3600),
                null,
                null,
                null);
        redis.opsForValue()
                .set(
                        dev.slipway.model.RedisKeys.terminal(id),
                        json.writeValueAsString(session),
                        java.time.Duration.ofHours(1));
        return id;
    }

    /** A fresh environment of alice's; with no worker here it stays PENDING. */
    private String alicesEnvironment() {
        try {
            TestApi alice = admin.as(tokens.get("owner"));
            return alice.expect(
                            201, alice.post("/api/v1/environments", "{\"template\":\"" + environmentTemplate() + "\"}"))
                    .get("id")
                    .asString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String disposableUser() {
        String name = "d-" + fresh();
        try {
            admin.expect(201, admin.post("/api/v1/users", "{\"name\":\"" + name + "\",\"role\":\"user\"}"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return name;
    }

    private String alicesSpareToken() {
        try {
            return admin.expect(201, admin.post("/api/v1/users/alice/tokens", "{\"name\":\"spare\"}"))
                    .get("id")
                    .asString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String fresh() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
