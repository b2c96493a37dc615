package dev.slipway.gateway;

import dev.slipway.testing.TestAuth;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A gateway's API as one caller uses it: every request carries that caller's token (none for anonymous). */
public record TestApi(int port, @Nullable String token) {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static TestApi admin(int port) {
        return new TestApi(port, TestAuth.ADMIN_TOKEN);
    }

    public TestApi as(@Nullable String otherToken) {
        return new TestApi(port, otherToken);
    }

    public HttpResponse<String> send(String method, String path, @Nullable String json) throws Exception {
        HttpRequest.Builder request = builder(path)
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code POST /api/v1/uploads} of a tar archive. */
    public HttpResponse<String> upload(byte[] tar) throws Exception {
        return HTTP.send(
                builder("/api/v1/uploads")
                        .header("Content-Type", "application/x-tar")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(tar))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Opens an event stream and hands back its response, whose body the caller closes. */
    public HttpResponse<InputStream> open(String path) throws Exception {
        return HTTP.send(
                builder(path).header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null);
    }

    public HttpResponse<String> post(String path, @Nullable String json) throws Exception {
        return send("POST", path, json);
    }

    /** The answer's body as JSON, after checking its status. */
    public JsonNode expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new AssertionError(
                    "expected " + status + " but got " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    /** Creates a user and one token of theirs; returns the token. */
    public String createUserWithToken(String name, String role) throws Exception {
        expect(201, post("/api/v1/users", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}"));
        return expect(201, post("/api/v1/users/" + name + "/tokens", "{\"name\":\"test\"}"))
                .get("token")
                .asString();
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(15));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }
}
