import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Environment benchmark, run by bench/env-bench.sh against a running gateway and worker.
 * Usage: java EnvBench.java GATEWAY_URL TEMPLATE RUNS
 * One environment at a time, next to `docker run -d` of the same image (alternating, so both see
 * the same machine):
 *   create: POST /api/v1/environments until GET shows it RUNNING (polled every 5 ms), then it is
 *           deleted; the baseline is `docker run -d busybox sleep infinity` until the CLI returns the
 *           id of a started container, then `docker rm -f`; and the same with the options Slipway
 *           gives an environment's container (init, the job network, capabilities dropped,
 *           no-new-privileges, no log, memory, CPU and process limits), which cost Docker itself time.
 * Prints one RESULT line.
 */
final class EnvBench {

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final Pattern STATE = Pattern.compile("\"state\":\"([A-Z]+)\"");
    private static final Pattern CREATED = Pattern.compile("\"createdAt\":\"([^\"]+)\"");
    private static final Pattern UPDATED = Pattern.compile("\"updatedAt\":\"([^\"]+)\"");
    /** Per run, the record's own createdAt to the updatedAt of its move to RUNNING: the part inside Slipway and Docker. */
    private static final List<Double> RECORDED = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        String gateway = args[0];
        String template = args[1];
        int runs = Integer.parseInt(args[2]);
        List<Double> slipway = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        List<Double> hardened = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            slipway.add(createToRunning(gateway, template));
            raw.add(dockerRun(List.of()));
            hardened.add(dockerRun(HARDENED));
        }
        System.out.printf(
                "RESULT env_create runs=%d slipway_p50_ms=%.0f slipway_p99_ms=%.0f raw_p50_ms=%.0f raw_p99_ms=%.0f"
                        + " hardened_p50_ms=%.0f hardened_p99_ms=%.0f ratio_p50=%.2f ratio_hardened_p50=%.2f"
                        + " recorded_p50_ms=%.0f%n",
                runs,
                BenchStats.pct(slipway, 50),
                BenchStats.pct(slipway, 99),
                BenchStats.pct(raw, 50),
                BenchStats.pct(raw, 99),
                BenchStats.pct(hardened, 50),
                BenchStats.pct(hardened, 99),
                BenchStats.pct(slipway, 50) / BenchStats.pct(raw, 50),
                BenchStats.pct(slipway, 50) / BenchStats.pct(hardened, 50),
                BenchStats.pct(RECORDED, 50));
    }

    /** Milliseconds from sending the create to the first GET that shows it RUNNING. */
    private static double createToRunning(String gateway, String template) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> created = BenchHttp.HTTP.send(
                BenchHttp.request(URI.create(gateway + "/api/v1/environments"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"template\":\"" + template + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("create failed: " + created.statusCode() + " " + created.body());
        }
        Matcher id = ID.matcher(created.body());
        id.find();
        URI environment = URI.create(gateway + "/api/v1/environments/" + id.group(1));
        long deadline = start + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String body = BenchHttp.HTTP
                    .send(BenchHttp.request(environment).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher state = STATE.matcher(body);
            if (state.find() && state.group(1).equals("RUNNING")) {
                double millis = (System.nanoTime() - start) / 1e6;
                Matcher createdAt = CREATED.matcher(body);
                Matcher updated = UPDATED.matcher(body);
                if (createdAt.find() && updated.find()) {
                    RECORDED.add((double) java.time.Duration.between(
                                    java.time.Instant.parse(createdAt.group(1)), java.time.Instant.parse(updated.group(1)))
                            .toMillis());
                }
                BenchHttp.HTTP.send(BenchHttp.request(environment).DELETE().build(), HttpResponse.BodyHandlers.ofString());
                return millis;
            }
            if (state.find(0) && List.of("FAILED", "EXPIRED", "REMOVED").contains(state.group(1))) {
                throw new IllegalStateException("environment ended: " + body);
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("environment not RUNNING within 60 s: " + environment);
    }

    /** What Slipway's environment containers get (docker/Hardening.java), as `docker run` options. */
    private static final List<String> HARDENED = List.of(
            "--init", "--network", "slipway-jobs", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
            "--log-driver", "none", "--memory", "16m", "--memory-swap", "16m", "--cpus", "0.1", "--pids-limit", "32");

    private static double dockerRun(List<String> options) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker", "run", "-d", "--label", "slipway.bench=env"));
        command.addAll(options);
        command.addAll(List.of("busybox:latest", "sleep", "infinity"));
        long start = System.nanoTime();
        Process run = new ProcessBuilder(command).redirectErrorStream(true).start();
        String container = new String(run.getInputStream().readAllBytes()).strip();
        if (run.waitFor() != 0) {
            throw new IllegalStateException("docker run failed: " + container);
        }
        double millis = (System.nanoTime() - start) / 1e6;
        new ProcessBuilder("docker", "rm", "-f", container).start().waitFor();
        return millis;
    }
}
