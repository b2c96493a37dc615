package dev.slipway.cli.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's API over {@link HttpClient}, with the bearer token on every request. A status of
 * 400 or more becomes an {@link ApiException} carrying the problem's detail; a gateway that cannot
 * be reached is the {@link IOException} of the client.
 */
public final class ApiClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

    private final HttpClient http;
    private final String url;
    private final String token;
    private final JsonMapper json;

    /** @param url the gateway's base URL, without a trailing slash */
    public ApiClient(String url, String token, JsonMapper json) {
        this.url = url;
        this.token = token;
        this.json = json;
        // HTTP/1.1: the gateway speaks nothing else on plain http, and an h2c upgrade offer on a
        // streaming request buys nothing.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public String url() {
        return url;
    }

    /** A path segment with everything but unreserved characters percent-encoded. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The body of a successful GET, as the gateway sent it (for {@code --output json}). */
    public String getText(String path) throws IOException, InterruptedException {
        return send(request(path).GET().timeout(CALL_TIMEOUT).build());
    }

    public JsonNode get(String path) throws IOException, InterruptedException {
        return json.readTree(getText(path));
    }

    public JsonNode post(String path, @Nullable JsonNode body) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path).timeout(CALL_TIMEOUT);
        if (body == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        }
        return parseOrEmpty(send(request.build()));
    }

    public JsonNode patch(String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest request = request(path)
                .timeout(CALL_TIMEOUT)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build();
        return parseOrEmpty(send(request));
    }

    /**
     * A file as the body of a POST, read from disk as it is sent (never held whole), without the
     * time limit of the other calls: a large archive over a slow link takes its time.
     *
     * @return the answer, as the gateway sent it
     */
    public String postFile(String path, Path file, String contentType) throws IOException, InterruptedException {
        HttpRequest request = request(path)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofFile(file))
                .build();
        return send(request);
    }

    public JsonNode delete(String path) throws IOException, InterruptedException {
        return parseOrEmpty(send(request(path).DELETE().timeout(CALL_TIMEOUT).build()));
    }

    /**
     * A response body to read as it comes (logs, event streams, downloads), without a time limit:
     * an event stream lasts as long as its job.
     */
    public InputStream stream(String path, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path).GET();
        headers.forEach(request::header);
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() >= 400) {
            try (InputStream body = response.body()) {
                throw Problems.from(
                        response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8), json);
            }
        }
        return response.body();
    }

    public void download(String path, OutputStream to) throws IOException, InterruptedException {
        try (InputStream body = stream(path, Map.of())) {
            body.transferTo(to);
        }
    }

    /** A WebSocket to the gateway, authenticated by the bearer header on the upgrade. */
    public WebSocket webSocket(String path, String subprotocol, WebSocket.Listener listener)
            throws InterruptedException, IOException {
        URI uri = URI.create(url.replaceFirst("^http", "ws") + path);
        try {
            return http.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token)
                    .subprotocols(subprotocol)
                    .connectTimeout(CONNECT_TIMEOUT)
                    .buildAsync(uri, listener)
                    .get();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof java.net.http.WebSocketHandshakeException refused) {
                HttpResponse<?> response = refused.getResponse();
                Object body = response.body();
                throw Problems.from(response.statusCode(), body == null ? "" : body.toString(), json);
            }
            throw new IOException("cannot open the terminal's WebSocket: " + cause, cause);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Bearer " + token)
                .header("User-Agent", "slipway-cli");
    }

    private String send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() >= 400) {
            throw Problems.from(response.statusCode(), response.body(), json);
        }
        return response.body();
    }

    private JsonNode parseOrEmpty(String body) {
        return body.isBlank() ? json.createObjectNode() : json.readTree(body);
    }
}
