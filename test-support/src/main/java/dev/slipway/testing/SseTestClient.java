package dev.slipway.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A minimal text/event-stream reader, as a browser's EventSource parses it. */
public final class SseTestClient implements AutoCloseable {

    public record Event(@Nullable String id, String name, String data) {}

    private final HttpResponse<InputStream> response;
    private final BufferedReader reader;

    private SseTestClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    /** Opens the stream as the test admin ({@link TestAuth}) unless {@code headers} carry an Authorization of their own. */
    public static SseTestClient open(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        if (headers.keySet().stream().noneMatch("Authorization"::equalsIgnoreCase)) {
            request.header("Authorization", TestAuth.ADMIN_AUTHORIZATION);
        }
        headers.forEach(request::header);
        return new SseTestClient(
                HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    public HttpResponse<InputStream> response() {
        return response;
    }

    /** The next event, or null when the server closed the stream. Comments and retry fields are skipped. */
    public @Nullable Event next() throws IOException {
        String id = null;
        String name = "message";
        List<String> data = new ArrayList<>();
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    return new Event(id, name, String.join("\n", data));
                }
                id = null;
                name = "message";
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "id" -> id = value;
                case "event" -> name = value;
                case "data" -> data.add(value);
                default -> {}
            }
        }
        return null;
    }

    /** Reads events until the stream closes. */
    public List<Event> readToEnd() throws IOException {
        List<Event> events = new ArrayList<>();
        Event event;
        while ((event = next()) != null) {
            events.add(event);
        }
        return events;
    }

    @Override
    public void close() throws IOException {
        response.body().close();
    }
}
