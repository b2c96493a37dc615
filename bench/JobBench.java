import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Container-job benchmark, run by bench/job-bench.sh against a running gateway and worker.
 * Usage: java JobBench.java GATEWAY_URL POOL RUNS
 * One job at a time, `true` in the test image, next to `docker run --rm` of the same image and
 * command in the same run (alternating, so both see the same machine):
 *   end to end: POST until the client sees the terminal state on the job's event stream;
 *   dispatch:   the job's createdAt to its startedAt (recorded, queued, taken and claimed by a worker),
 *               the part of the end-to-end time that is Slipway's before Docker is asked for anything.
 * Only the JDK is needed: `java bench/JobBench.java ...` compiles and runs this file.
 */
public class JobBench {

    static final HttpClient HTTP = BenchHttp.HTTP;

    public static void main(String[] args) throws Exception {
        String gateway = args[0];
        String pool = args[1];
        int runs = Integer.parseInt(args[2]);
        List<Double> slipway = new ArrayList<>();
        List<Double> dispatch = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        for (int i = 0; i < runs + 2; i++) {
            boolean warmUp = i < 2; // the first of each are the JIT's and the page cache's
            long start = System.nanoTime();
            String id = submit(gateway, pool);
            String end = awaitEnd(gateway, id);
            double millis = (System.nanoTime() - start) / 1e6;
            if (!end.contains("\"SUCCEEDED\"")) {
                throw new IllegalStateException("job " + id + " ended " + end);
            }
            String job = get(gateway + "/api/v1/jobs/" + id);
            double queued = Duration.between(java.time.Instant.parse(field(job, "createdAt")),
                    java.time.Instant.parse(field(job, "startedAt"))).toNanos() / 1e6;
            long rawStart = System.nanoTime();
            Process docker = new ProcessBuilder("docker", "run", "--rm", "--label", "slipway.test=true", "busybox:latest", "true")
                    .redirectErrorStream(true).start();
            docker.getInputStream().readAllBytes();
            if (docker.waitFor() != 0) {
                throw new IllegalStateException("docker run failed");
            }
            double rawMillis = (System.nanoTime() - rawStart) / 1e6;
            if (!warmUp) {
                slipway.add(millis);
                dispatch.add(queued);
                raw.add(rawMillis);
            }
        }
        System.out.printf("RESULT e2e runs=%d slipway_p50_ms=%.0f slipway_p99_ms=%.0f raw_p50_ms=%.0f raw_p99_ms=%.0f ratio_p50=%.2f%n",
                runs, pct(slipway, 50), pct(slipway, 99), pct(raw, 50), pct(raw, 99), pct(slipway, 50) / pct(raw, 50));
        System.out.printf("RESULT dispatch runs=%d submit_to_claimed_p50_ms=%.0f p99_ms=%.0f%n", runs, pct(dispatch, 50), pct(dispatch, 99));
    }

    static String submit(String gateway, String pool) throws Exception {
        return BenchHttp.submit(gateway, "{\"image\":\"busybox:latest\",\"pool\":\"" + pool + "\",\"command\":[\"true\"],\"maxAttempts\":1}");
    }

    /** Reads the job's state events until the stream's end event; returns its data. */
    static String awaitEnd(String gateway, String id) throws Exception {
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/jobs/" + id + "/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            boolean end = false;
            while ((line = reader.readLine()) != null) {
                if (line.equals("event: end")) {
                    end = true;
                } else if (end && line.startsWith("data: ")) {
                    return line.substring(6);
                }
            }
        }
        throw new IllegalStateException("the event stream of job " + id + " closed without an end");
    }

    static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static double pct(List<Double> values, int percentile) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
