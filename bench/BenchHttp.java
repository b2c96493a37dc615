import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The gateway's API as the benchmarks call it (the source launcher finds this file beside them). */
final class BenchHttp {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    /** The admin token the benchmark's gateway was started with (bench/lib.sh). */
    static final String TOKEN = System.getenv().getOrDefault("SLIPWAY_BENCH_TOKEN", "");
    static final String AUTHORIZATION = "Bearer " + TOKEN;
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    private BenchHttp() {}

    /** Submits a job given as JSON; returns the 201's body (the job), or throws with what came instead. */
    static String create(String gateway, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(request(URI.create(gateway + "/api/v1/jobs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("submit failed: " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** A request to the gateway, signed in. */
    static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", AUTHORIZATION);
    }

    /** Submits a job given as JSON; returns its id. */
    static String submit(String gateway, String body) throws Exception {
        Matcher m = ID.matcher(create(gateway, body));
        m.find();
        return m.group(1);
    }

    /** A job that runs `true` in the test image, once (no retries): the benchmarks' shortest job. */
    static String trueJob(String pool) {
        return "{\"image\":\"busybox:latest\",\"pool\":\"" + pool + "\",\"command\":[\"true\"],\"maxAttempts\":1}";
    }
}
