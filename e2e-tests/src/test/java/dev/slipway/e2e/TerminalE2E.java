package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.model.TerminalWire;
import dev.slipway.testing.TestImage;
import dev.slipway.testing.TestServices;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * The terminal protocol with a plain WebSocket client, through gateway and worker jars on the real
 * broker, Redis and Docker: a shell answers and follows resizes; bytes pass exactly; tickets are
 * single-use, short-lived and bound to their session and user; a foreign origin is refused; a
 * session outlives its socket and its gateway; an admin watches without typing; every end (close,
 * exit, idle, cap, the environment stopping) kills the shell and all it started.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TerminalE2E {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String POOL = "terms-" + RUN;
    private static final String TEMPLATE = "shell-" + RUN;
    private static final String HOST_ID = "term-host-" + RUN;
    private static final Duration SOON = Duration.ofSeconds(20);

    private static SlipwayProcess gateway;
    /** A second gateway, with short ticket, idle and session lifetimes. */
    private static SlipwayProcess quick;

    private static SlipwayProcess host;
    private static SlipwayApi admin;
    private static SlipwayApi alice;
    private static SlipwayApi quickAdmin;
    private static String adminEnvironment;
    private static String aliceEnvironment;
    private static final List<String> environments = new ArrayList<>();

    @BeforeAll
    static void startTwoGatewaysAndAWorker() throws Exception {
        gateway = SlipwayProcess.start("terms-gateway", "slipway.gateway.jar", TestServices.springProperties(3));
        Map<String, String> quickProperties = new java.util.HashMap<>(TestServices.springProperties(3));
        quickProperties.put("slipway.gateway.terminals.ticket-ttl", "1s");
        quickProperties.put("slipway.gateway.terminals.idle-timeout", "3s");
        quickProperties.put("slipway.gateway.terminals.max-duration", "6s");
        quick = SlipwayProcess.start("terms-quick-gateway", "slipway.gateway.jar", quickProperties);
        Map<String, String> worker = SlipwayProcess.quickRecoveryWorker(HOST_ID, POOL, "3s");
        worker.put("slipway.worker.environments.sweep-interval", "1s");
        host = SlipwayProcess.start(HOST_ID, "slipway.worker.jar", worker);
        gateway.awaitHealthy(Duration.ofSeconds(90));
        quick.awaitHealthy(Duration.ofSeconds(90));
        host.awaitHealthy(Duration.ofSeconds(90));
        admin = new SlipwayApi(gateway.baseUrl());
        quickAdmin = new SlipwayApi(quick.baseUrl());
        expect(201, admin.post("/api/v1/templates", """
                {"name":"%s","image":"%s","pool":"%s","resources":{"cpus":0.5,"memoryMb":64,"pidsLimit":128}}
                """.formatted(TEMPLATE, TestImage.BUSYBOX, POOL)));
        String aliceName = "alice-" + RUN;
        expect(201, admin.post("/api/v1/users", "{\"name\":\"" + aliceName + "\",\"role\":\"user\"}"));
        String token = SlipwayApi.parse(
                        expect(201, admin.post("/api/v1/users/" + aliceName + "/tokens", "{\"name\":\"e2e\"}")))
                .get("token")
                .asString();
        alice = admin.as(token);
        adminEnvironment = create(admin, "admins");
        aliceEnvironment = create(alice, "alices");
        awaitRunning(adminEnvironment);
        awaitRunning(aliceEnvironment);
    }

    @AfterAll
    static void deleteEverythingAndStop() throws Exception {
        SlipwayApi cleaner = admin;
        if (!gateway.isAlive()) {
            cleaner = quickAdmin;
        }
        for (String id : environments) {
            cleaner.delete("/api/v1/environments/" + id);
        }
        for (String id : environments) {
            try {
                await().atMost(SOON)
                        .until(() -> Host.environmentContainerState(id).isEmpty());
            } catch (RuntimeException | AssertionError e) {
                System.err.println("environment " + id + " did not end cleanly: " + e);
            }
        }
        for (SlipwayProcess process : new SlipwayProcess[] {host, quick, gateway}) {
            if (process != null) {
                process.close();
            }
        }
        Host.removeContainersOfWorker(HOST_ID);
    }

    @Test
    @Order(1)
    void aShellAnswersThroughTheSocketAndFollowsResizes() throws Exception {
        HttpResponse<String> response =
                admin.post("/api/v1/environments/" + adminEnvironment + "/terminals", "{\"cols\":120,\"rows\":32}");
        JsonNode ticket = SlipwayApi.parse(expect(201, response));
        String sessionId = ticket.get("sessionId").asString();
        assertThat(ticket.get("expiresIn").asInt()).isEqualTo(30);
        assertThat(ticket.get("mode").asString()).isEqualTo("write");
        assertThat(ticket.get("websocket").asString())
                .isEqualTo("/api/v1/terminals/" + sessionId + "/ws?ticket="
                        + ticket.get("ticket").asString());
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/terminals/" + sessionId);

        try (TerminalClient terminal = TerminalClient.connect(
                gateway.baseUrl(), ticket.get("websocket").asString())) {
            terminal.type("stty size; echo $((6*7))\r");
            terminal.awaitOutput("32 120", SOON);
            terminal.awaitOutput("\r\n42\r\n", SOON);
            terminal.resize(100, 30);
            await().atMost(SOON).untilAsserted(() -> {
                terminal.type("stty size\r");
                assertThat(terminal.output()).contains("30 100");
            });
        }
        JsonNode session = SlipwayApi.parse(expect(200, admin.get("/api/v1/terminals/" + sessionId)));
        assertThat(session.get("state").asString()).isEqualTo("OPEN");
        assertThat(session.get("owner").asString()).isEqualTo("admin");
        expect(202, admin.delete("/api/v1/terminals/" + sessionId));
    }

    @Test
    @Order(2)
    void bytesPassExactlyInBothDirections() throws Exception {
        JsonNode ticket = open(admin, adminEnvironment);
        try (TerminalClient terminal = TerminalClient.connect(
                gateway.baseUrl(), ticket.get("websocket").asString())) {
            // 1 MiB of random bytes, as base64 (a TTY would mangle raw bytes), with their checksum.
            // The markers are printed from pieces so that the shell's echo of the command never matches.
            terminal.type("head -c 1048576 /dev/urandom > /tmp/r; sha256sum /tmp/r; echo B''EGIN; base64 /tmp/r;"
                    + " echo E''ND\r");
            terminal.awaitOutput("\r\nEND\r\n", Duration.ofSeconds(60));
            String text = terminal.output();
            Matcher sum = Pattern.compile("([0-9a-f]{64})  /tmp/r").matcher(text);
            assertThat(sum.find())
                    .as(text.substring(0, Math.min(500, text.length())))
                    .isTrue();
            String encoded = text.substring(text.indexOf("\r\nBEGIN\r\n") + 9, text.indexOf("\r\nEND\r\n"))
                    .replace("\r\n", "");
            byte[] decoded = Base64.getDecoder().decode(encoded);
            assertThat(decoded).hasSize(1048576);
            assertThat(sha256(decoded)).isEqualTo(sum.group(1));

            // multibyte characters split across the engine's reads arrive whole
            terminal.type("printf '\\342\\202\\254%.0s' $(seq 1 4000); echo; echo D''ONE\r");
            terminal.awaitOutput("\r\nDONE\r\n", SOON);
            String euros = "€".repeat(4000);
            assertThat(terminal.output()).contains(euros).doesNotContain("\uFFFD");

            // and 192 KiB of random input, as base64 lines, reach the shell's stdin intact
            byte[] random = new byte[192 * 1024];
            new java.util.Random(42).nextBytes(random);
            terminal.type("stty -echo; base64 -d > /tmp/in\r");
            Thread.sleep(300);
            String lines = Base64.getMimeEncoder(76, "\r".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(random);
            terminal.type(lines + "\r\u0004");
            terminal.type("stty echo; sha256sum /tmp/in\r");
            terminal.awaitOutput(sha256(random) + "  /tmp/in", SOON);
        }
        expect(202, admin.delete("/api/v1/terminals/" + ticket.get("sessionId").asString()));
    }

    @Test
    @Order(3)
    void aTicketIsSingleUseShortLivedAndBoundToItsSessionAndUser() throws Exception {
        JsonNode ticket = open(admin, adminEnvironment);
        String sessionId = ticket.get("sessionId").asString();
        String websocket = ticket.get("websocket").asString();
        try (TerminalClient first = TerminalClient.connect(gateway.baseUrl(), websocket)) {
            first.type("echo first\r");
            first.awaitOutput("first", SOON);
            TerminalClient.Refusal reused = upgrade(gateway, websocket, Map.of());
            assertThat(reused.status()).isEqualTo(401);
            assertThat(reused.head()).containsIgnoringCase("application/problem+json");
            assertThat(reused.body()).contains("unknown, used or expired");
        }

        // through the gateway whose tickets live 1 s
        JsonNode shortLived =
                SlipwayApi.parse(expect(201, quickAdmin.post("/api/v1/terminals/" + sessionId + "/tickets", "")));
        assertThat(shortLived.get("expiresIn").asInt()).isEqualTo(1);
        Thread.sleep(2500);
        assertThat(upgrade(quick, shortLived.get("websocket").asString(), Map.of())
                        .status())
                .isEqualTo(401);

        // alice: no terminal in the admin's environment, no ticket to his session, nor a way in with hers
        assertThat(alice.post("/api/v1/environments/" + adminEnvironment + "/terminals", "{}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(alice.post("/api/v1/terminals/" + sessionId + "/tickets", "").statusCode())
                .isEqualTo(404);
        JsonNode hers = open(alice, aliceEnvironment);
        String withHerTicket = "/api/v1/terminals/" + sessionId + "/ws?ticket="
                + hers.get("ticket").asString();
        TerminalClient.Refusal crossed = upgrade(gateway, withHerTicket, Map.of());
        assertThat(crossed.status()).isEqualTo(401);
        assertThat(crossed.body()).contains("another session");
        assertThat(upgrade(gateway, "/api/v1/terminals/" + sessionId + "/ws", alice.authorization())
                        .status())
                .as("her token on the upgrade")
                .isEqualTo(404);
        assertThat(upgrade(gateway, "/api/v1/terminals/" + sessionId + "/ws", Map.of())
                        .status())
                .as("no credentials")
                .isEqualTo(401);

        // an operator may read environments but not open terminals in them
        expect(201, admin.post("/api/v1/users", "{\"name\":\"olga-" + RUN + "\",\"role\":\"operator\"}"));
        SlipwayApi olga = admin.as(
                SlipwayApi.parse(expect(201, admin.post("/api/v1/users/olga-" + RUN + "/tokens", "{\"name\":\"e2e\"}")))
                        .get("token")
                        .asString());
        assertThat(olga.get("/api/v1/environments/" + aliceEnvironment).statusCode())
                .isEqualTo(200);
        assertThat(olga.post("/api/v1/environments/" + aliceEnvironment + "/terminals", "{}")
                        .statusCode())
                .isEqualTo(403);

        // the token on the upgrade works for the owner, without a ticket
        try (TerminalClient byToken = TerminalClient.connect(
                gateway.baseUrl(), "/api/v1/terminals/" + sessionId + "/ws", admin.authorization())) {
            byToken.type("echo by-token\r");
            byToken.awaitOutput("by-token", SOON);
        }
        expect(202, admin.delete("/api/v1/terminals/" + sessionId));
        expect(202, alice.delete("/api/v1/terminals/" + hers.get("sessionId").asString()));
    }

    @Test
    @Order(4)
    void aForeignOriginOrAMissingSubprotocolIsRefused() throws Exception {
        JsonNode ticket = open(admin, adminEnvironment);
        String websocket = ticket.get("websocket").asString();
        Map<String, String> headers =
                Map.of("Origin", "http://evil.example", "Sec-WebSocket-Protocol", TerminalWire.SUBPROTOCOL);
        TerminalClient.Refusal foreign = TerminalClient.refusal(gateway.baseUrl(), websocket, headers);
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.head()).containsIgnoringCase("application/problem+json");
        assertThat(foreign.body()).contains("http://evil.example");
        JsonNode next = reattach(admin, ticket.get("sessionId").asString());
        TerminalClient.Refusal noProtocol =
                TerminalClient.refusal(gateway.baseUrl(), next.get("websocket").asString(), Map.of());
        assertThat(noProtocol.status()).isEqualTo(400);
        assertThat(noProtocol.body()).contains(TerminalWire.SUBPROTOCOL);
        // the gateway's own origin is welcome
        JsonNode own = reattach(admin, ticket.get("sessionId").asString());
        try (TerminalClient terminal = TerminalClient.connect(
                gateway.baseUrl(), own.get("websocket").asString(), Map.of("Origin", gateway.baseUrl()))) {
            terminal.type("echo same-origin\r");
            terminal.awaitOutput("same-origin", SOON);
        }
        expect(202, admin.delete("/api/v1/terminals/" + ticket.get("sessionId").asString()));
    }

    @Test
    @Order(5)
    void closingASessionKillsTheShellAndEverythingItStarted() throws Exception {
        JsonNode ticket = open(admin, adminEnvironment);
        String sessionId = ticket.get("sessionId").asString();
        try (TerminalClient terminal = TerminalClient.connect(
                gateway.baseUrl(), ticket.get("websocket").asString())) {
            terminal.type("sleep 1001 & (sleep 1002; true) & setsid sleep 1003 & echo st''arted\r");
            terminal.awaitOutput("started", SOON);
            await().atMost(SOON)
                    .untilAsserted(
                            () -> assertThat(ps(adminEnvironment)).contains("sleep 1001", "sleep 1002", "sleep 1003"));
            expect(202, admin.delete("/api/v1/terminals/" + sessionId));
            assertThat(terminal.awaitStatus(SOON)).contains("\"reason\":\"closed\"");
            assertThat(terminal.awaitClose(SOON)).isEqualTo(1000);
        }
        assertThat(leftovers(adminEnvironment))
                .as("processes left in the container")
                .isEmpty();
        JsonNode ended = SlipwayApi.parse(expect(200, admin.get("/api/v1/terminals/" + sessionId)));
        assertThat(ended.get("state").asString()).isEqualTo("ENDED");
        assertThat(ended.get("endReason").asString()).isEqualTo("closed");
        assertThat(admin.post("/api/v1/terminals/" + sessionId + "/tickets", "").statusCode())
                .isEqualTo(409);
        await().atMost(SOON)
                .untilAsserted(() -> assertThat(
                                admin.get("/api/v1/audit?action=terminal.end").body())
                        .contains(sessionId));
        assertThat(admin.get("/api/v1/audit?action=terminal.open").body()).contains(adminEnvironment);
    }

    @Test
    @Order(6)
    void anExitingShellSendsItsExitCode() throws Exception {
        JsonNode ticket = open(admin, adminEnvironment);
        try (TerminalClient terminal = TerminalClient.connect(
                gateway.baseUrl(), ticket.get("websocket").asString())) {
            terminal.type("exit 7\r");
            assertThat(terminal.awaitStatus(SOON)).isEqualTo("{\"exitCode\":7,\"reason\":\"exited\"}");
            assertThat(terminal.awaitClose(SOON)).isEqualTo(1000);
        }
    }

    @Test
    @Order(7)
    void idleAndCappedSessionsEnd() throws Exception {
        JsonNode idle = open(quickAdmin, adminEnvironment);
        JsonNode busy = open(quickAdmin, adminEnvironment);
        try (TerminalClient idleTerminal = TerminalClient.connect(
                        quick.baseUrl(), idle.get("websocket").asString());
                TerminalClient busyTerminal = TerminalClient.connect(
                        quick.baseUrl(), busy.get("websocket").asString())) {
            long started = System.nanoTime();
            while (!busyTerminal.isClosed() && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(15)) {
                try {
                    busyTerminal.type("true\r");
                } catch (RuntimeException closedMeanwhile) {
                    break;
                }
                Thread.sleep(500);
            }
            assertThat(idleTerminal.awaitStatus(SOON)).contains("\"reason\":\"idle-timeout\"");
            assertThat(busyTerminal.awaitStatus(SOON)).contains("\"reason\":\"max-duration\"");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(12));
        }
        assertThat(leftovers(adminEnvironment))
                .as("processes left in the container")
                .isEmpty();
    }

    @Test
    @Order(8)
    void anAdminWatchesButNeitherTypesNorResizes() throws Exception {
        JsonNode hers = open(alice, aliceEnvironment);
        String sessionId = hers.get("sessionId").asString();
        JsonNode watch = reattach(admin, sessionId);
        assertThat(watch.get("mode").asString()).isEqualTo("watch");
        try (TerminalClient owner = TerminalClient.connect(
                        gateway.baseUrl(), hers.get("websocket").asString());
                TerminalClient watcher = TerminalClient.connect(
                        gateway.baseUrl(), watch.get("websocket").asString())) {
            watcher.resize(50, 10);
            watcher.type("echo wa''tcher-typed\r");
            owner.type("echo ow''ner-typed; stty size\r");
            watcher.awaitOutput("owner-typed", SOON);
            owner.awaitOutput("32 120", SOON);
            Thread.sleep(500);
            assertThat(owner.output()).doesNotContain("watcher-typed").doesNotContain("10 50");
        }
        expect(202, alice.delete("/api/v1/terminals/" + sessionId));
    }

    @Test
    @Order(9)
    void stoppingTheEnvironmentEndsItsSessions() throws Exception {
        JsonNode ticket = open(alice, aliceEnvironment);
        try (TerminalClient terminal = TerminalClient.connect(
                gateway.baseUrl(), ticket.get("websocket").asString())) {
            terminal.type("echo ready\r");
            terminal.awaitOutput("ready", SOON);
            expect(202, alice.post("/api/v1/environments/" + aliceEnvironment + "/stop", ""));
            assertThat(terminal.awaitStatus(Duration.ofSeconds(30))).contains("\"reason\":\"environment-stopped\"");
        }
    }

    @Test
    @Order(10)
    void aSessionOutlivesItsSocketAndItsGateway() throws Exception {
        JsonNode ticket = open(admin, adminEnvironment);
        String sessionId = ticket.get("sessionId").asString();
        TerminalClient first = TerminalClient.connect(
                gateway.baseUrl(), ticket.get("websocket").asString());
        first.type("export FOO=bar; cd /tmp; echo ma''rk-one\r");
        first.awaitOutput("mark-one", SOON);
        first.drop();

        JsonNode again = reattach(admin, sessionId);
        try (TerminalClient second =
                TerminalClient.connect(gateway.baseUrl(), again.get("websocket").asString())) {
            second.awaitOutput("mark-one", SOON); // the screen comes back
            second.type("echo $FOO-$(pwd)\r");
            second.awaitOutput("bar-/tmp", SOON);
        }

        gateway.kill();
        JsonNode elsewhere = reattach(quickAdmin, sessionId);
        try (TerminalClient third = TerminalClient.connect(
                quick.baseUrl(), elsewhere.get("websocket").asString())) {
            third.awaitOutput("bar-/tmp", SOON);
            third.type("echo again-$FOO\r");
            third.awaitOutput("again-bar", SOON);
        }
        expect(202, quickAdmin.delete("/api/v1/terminals/" + sessionId));
    }

    private static JsonNode open(SlipwayApi api, String environment) throws Exception {
        return SlipwayApi.parse(expect(
                201, api.post("/api/v1/environments/" + environment + "/terminals", "{\"cols\":120,\"rows\":32}")));
    }

    private static JsonNode reattach(SlipwayApi api, String sessionId) throws Exception {
        return SlipwayApi.parse(expect(201, api.post("/api/v1/terminals/" + sessionId + "/tickets", "")));
    }

    private static TerminalClient.Refusal upgrade(SlipwayProcess to, String path, Map<String, String> headers)
            throws Exception {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Sec-WebSocket-Protocol", TerminalWire.SUBPROTOCOL);
        return TerminalClient.refusal(to.baseUrl(), path, all);
    }

    private static String ps(String environment) throws Exception {
        String body = expect(
                200,
                admin.post(
                        "/api/v1/environments/" + environment + "/exec", "{\"command\":[\"ps\",\"-o\",\"pid,args\"]}"));
        return SlipwayApi.parse(body).get("stdout").asString();
    }

    /** The container's processes but its own (the init and its sleep) and the {@code ps} that lists them. */
    private static List<String> leftovers(String environment) throws Exception {
        return ps(environment)
                .lines()
                .skip(1)
                .map(String::strip)
                .filter(line -> !line.equals("1 /sbin/docker-init -- sleep infinity"))
                .filter(line -> !line.matches("\\d+ sleep infinity"))
                .filter(line -> !line.contains("ps -o pid,args"))
                .toList();
    }

    private static String create(SlipwayApi api, String name) throws Exception {
        String id = SlipwayApi.parse(expect(
                        201,
                        api.post(
                                "/api/v1/environments",
                                "{\"template\":\"%s\",\"name\":\"%s\"}".formatted(TEMPLATE, name))))
                .get("id")
                .asString();
        environments.add(id);
        return id;
    }

    private static void awaitRunning(String id) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> SlipwayApi.parse(
                                admin.get("/api/v1/environments/" + id).body())
                        .get("state")
                        .asString()
                        .equals("RUNNING"));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String expect(int status, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response.body();
    }
}
