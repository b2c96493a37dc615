package dev.slipway.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.gateway.GatewayTestSupport;
import dev.slipway.gateway.TestApi;
import dev.slipway.testing.TestAuth;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests meant to hurt the gateway, or met at a bad moment of Redis, get a problem+json 4xx or a
 * retryable 503, never a 500, an HTML page, or a body read whole past the limit.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HostileRequestIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String JOB = "{\"image\":\"busybox\",\"script\":[\"true\"],\"pool\":\"hostile\"}";

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        GatewayTestSupport.services(registry);
        registry.add("slipway.gateway.max-request-size", () -> "64KB");
        registry.add("slipway.gateway.retry-after", () -> "3s");
    }

    @LocalServerPort
    int port;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    JsonMapper json;

    private TestApi api;

    @BeforeEach
    void api() {
        api = TestApi.admin(port);
    }

    private JsonNode problem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:slipway:problem:" + type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        return problem;
    }

    @Test
    void aBodyDeclaredLargerThanTheLimitIsA413ProblemBeforeItIsRead() throws Exception {
        String body = "{\"image\":\"busybox\",\"script\":[\"" + "x".repeat(70 * 1024) + "\"]}";

        JsonNode problem = problem(api.post("/api/v1/jobs", body), 413, "request-too-large");

        assertThat(problem.get("detail").asString()).contains("65536 bytes");
    }

    /** A chunked body has no Content-Length to judge by: it is cut off as soon as it passes the limit. */
    @Test
    void aChunkedBodyThatGrowsPastTheLimitIsA413Problem() throws Exception {
        List<byte[]> chunks = Collections.nCopies(80, "x".repeat(1024).getBytes(StandardCharsets.UTF_8));
        byte[] start = "{\"image\":\"busybox\",\"script\":[\"".getBytes(StandardCharsets.UTF_8);
        HttpRequest request = TestAuth.request(URI.create("http://127.0.0.1:" + port + "/api/v1/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.SequenceInputStream(Collections.enumeration(
                                java.util.stream.Stream.concat(java.util.stream.Stream.of(start), chunks.stream())
                                        .map(java.io.ByteArrayInputStream::new)
                                        .map(InputStream.class::cast)
                                        .toList()))))
                .build();

        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

        problem(response, 413, "request-too-large");
    }

    @Test
    void aBlankWorkerIdIsA404Problem() throws Exception {
        problem(api.get("/api/v1/workers/%20"), 404, "worker-not-found");
    }

    /** Tomcat rejects these before Spring sees them; its own error page would be HTML. */
    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/jobs/a%2Fb", "/api/v1/jobs/a%00b", "/api/v1/jobs/%2e%2e/x", "/api/v1/jobs/%zz"})
    void aPathTomcatRefusesIsAProblemNotAnHtmlPage(String path) throws Exception {
        String raw = rawRequest("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + TestAuth.ADMIN_TOKEN + "\r\nConnection: close\r\n\r\n");

        String status = raw.lines().findFirst().orElse("");
        assertThat(status).matches("HTTP/1.1 4\\d\\d .*");
        assertThat(raw).containsIgnoringCase("Content-Type: application/problem+json");
        assertThat(raw).doesNotContain("<html").doesNotContain("Apache Tomcat");
    }

    @Test
    void aRedisThatRefusesWritesAfterAFailoverIsA503ProblemWithRetryAfter() throws Exception {
        try {
            redis("REPLICAOF", "127.0.0.1", "1"); // a replica of nothing: writes answer READONLY
            HttpResponse<String> response = api.post("/api/v1/jobs", JOB);

            problem(response, 503, "store-unavailable");
            assertThat(response.headers().firstValue("Retry-After")).hasValue("3");
        } finally {
            redis("REPLICAOF", "NO", "ONE");
        }
    }

    @Test
    void aRedisOutOfMemoryIsA503ProblemWithRetryAfter() throws Exception {
        Map<String, String> before =
                Map.of("maxmemory", config("maxmemory"), "maxmemory-policy", config("maxmemory-policy"));
        try {
            redis("CONFIG", "SET", "maxmemory-policy", "noeviction");
            redis("CONFIG", "SET", "maxmemory", "1");
            HttpResponse<String> response = api.post("/api/v1/jobs", JOB);

            problem(response, 503, "store-unavailable");
            assertThat(response.headers().firstValue("Retry-After")).hasValue("3");
        } finally {
            redis("CONFIG", "SET", "maxmemory", before.get("maxmemory"));
            redis("CONFIG", "SET", "maxmemory-policy", before.get("maxmemory-policy"));
        }
    }

    private String rawRequest(String request) throws Exception {
        try (Socket socket = new Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private void redis(String command, String... args) {
        redis.execute((RedisConnection connection) -> connection.execute(
                command,
                java.util.Arrays.stream(args)
                        .map(arg -> arg.getBytes(StandardCharsets.UTF_8))
                        .toArray(byte[][]::new)));
    }

    private String config(String name) {
        return String.valueOf(redis.execute((RedisConnection connection) ->
                connection.serverCommands().getConfig(name).getProperty(name)));
    }
}
