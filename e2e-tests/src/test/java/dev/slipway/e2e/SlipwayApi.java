package dev.slipway.e2e;

import static org.awaitility.Awaitility.await;

import dev.slipway.testing.SseTestClient;
import dev.slipway.testing.TestAuth;
import dev.slipway.testing.TestImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The gateway's HTTP API as a client uses it, for end-to-end tests, signed in with one token. */
final class SlipwayApi {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final String token;

    /** Signed in as the admin of the gateways the tests start. */
    SlipwayApi(String baseUrl) {
        this(baseUrl, TestAuth.ADMIN_TOKEN);
    }

    SlipwayApi(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** The same gateway, signed in with another token. */
    SlipwayApi as(String otherToken) {
        return new SlipwayApi(baseUrl, otherToken);
    }

    /** The Authorization header of this client, for event streams. */
    Map<String, String> authorization() {
        return Map.of("Authorization", "Bearer " + token);
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(
                TestAuth.request(URI.create(baseUrl + path), token)
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {@code POST /api/v1/uploads} of a tar (plain or gzip-compressed). */
    HttpResponse<String> upload(byte[] archive, String contentType) throws Exception {
        return HTTP.send(
                TestAuth.request(URI.create(baseUrl + "/api/v1/uploads"), token)
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(archive))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path) throws Exception {
        return HTTP.send(
                TestAuth.request(URI.create(baseUrl + path), token)
                        .timeout(Duration.ofSeconds(30))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                TestAuth.request(URI.create(baseUrl + path), token)
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A GET whose body is bytes (a download), with extra headers such as {@code Range}. */
    HttpResponse<byte[]> download(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request =
                TestAuth.request(URI.create(baseUrl + path), token).timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Submits a job; returns its id. Fails unless the gateway accepted it (201). */
    String submit(String body) throws Exception {
        HttpResponse<String> created = post("/api/v1/jobs", body);
        if (created.statusCode() != 201) {
            throw new AssertionError("submission not accepted: " + created.statusCode() + " " + created.body());
        }
        return JSON.readTree(created.body()).get("id").asString();
    }

    JsonNode job(String id) throws Exception {
        return JSON.readTree(get("/api/v1/jobs/" + id).body());
    }

    String state(String id) throws Exception {
        return job(id).get("state").asString();
    }

    JsonNode awaitJob(String id, Duration timeout, Predicate<JsonNode> condition) {
        return await().atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> job(id), condition);
    }

    JsonNode awaitState(String id, String state, Duration timeout) {
        return awaitJob(id, timeout, job -> job.get("state").asString().equals(state));
    }

    JsonNode awaitTerminal(String id, Duration timeout) {
        return awaitJob(
                id,
                timeout,
                job -> List.of("SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT")
                        .contains(job.get("state").asString()));
    }

    /** The job's state events, from its first to its first terminal one (the stream closes there). */
    List<JsonNode> stateEvents(String id) throws Exception {
        try (SseTestClient events = SseTestClient.open(baseUrl + "/api/v1/jobs/" + id + "/events", authorization())) {
            return events.readToEnd().stream()
                    .filter(event -> event.name().equals("state"))
                    .map(event -> JSON.readTree(event.data()))
                    .toList();
        }
    }

    /** What the job's event stream holds after {@code eventId}: only the closing "end" when nothing followed. */
    List<SseTestClient.Event> eventsAfter(String id, String eventId) throws Exception {
        try (SseTestClient events = SseTestClient.open(
                baseUrl + "/api/v1/jobs/" + id + "/events",
                Map.of("Last-Event-ID", eventId, "Authorization", "Bearer " + token))) {
            return events.readToEnd();
        }
    }

    String lastEventId(String id) throws Exception {
        try (SseTestClient events = SseTestClient.open(baseUrl + "/api/v1/jobs/" + id + "/events", authorization())) {
            List<SseTestClient.Event> all = events.readToEnd();
            return all.stream()
                    .filter(event -> event.name().equals("state"))
                    .reduce((a, b) -> b)
                    .orElseThrow()
                    .id();
        }
    }

    String log(String id) throws Exception {
        return get("/api/v1/jobs/" + id + "/log").body();
    }

    /** A job in {@code pool} running {@code script} in the test image, with up to 3 attempts. */
    static String jobBody(String pool, List<String> script, int timeoutSeconds) {
        StringBuilder lines = new StringBuilder();
        for (String line : script) {
            lines.append(lines.isEmpty() ? "" : ",")
                    .append('"')
                    .append(line.replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        return """
                {"image":"%s","script":[%s],"pool":"%s","timeoutSeconds":%d,"maxAttempts":3}
                """.formatted(TestImage.BUSYBOX, lines, pool, timeoutSeconds);
    }

    static JsonNode parse(String json) {
        return JSON.readTree(json);
    }
}
