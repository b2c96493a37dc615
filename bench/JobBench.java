import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Container-job benchmark, run by bench/job-bench.sh against a running gateway and worker.
 * Usage: java JobBench.java GATEWAY_URL POOL RUNS
 * One job at a time, `true` in the test image, next to `docker run --rm` of the same image and
 * command in the same run (alternating, so both see the same machine):
 *   end to end: POST until the client sees the terminal state on the job's event stream;
 *   dispatch:   the job's createdAt to its startedAt (recorded, queued, taken and claimed by a worker),
 *               the part of the end-to-end time that is Slipway's before Docker is asked for anything;
 *   phases:     where each side's time goes, p50 per phase in ms, from the job's own timestamps, the
 *               client's clock and Docker's events for the container (create, start, die, destroy),
 *               all on one machine's clock.
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
        List<Double> rawOnNetwork = new ArrayList<>();
        Map<String, List<Double>> phases = new LinkedHashMap<>();
        List<Run> measured = new ArrayList<>();
        Process events = watchDocker();
        try {
            for (int i = 0; i < runs + 2; i++) {
                boolean warmUp = i < 2; // the first of each are the JIT's and the page cache's
                long start = System.nanoTime();
                double posted = epochMillis();
                String id = submit(gateway, pool);
                String end = awaitEnd(gateway, id);
                double seen = epochMillis();
                double millis = (System.nanoTime() - start) / 1e6;
                if (!end.contains("\"SUCCEEDED\"")) {
                    throw new IllegalStateException("job " + id + " ended " + end);
                }
                String job = get(gateway + "/api/v1/jobs/" + id);
                double queued = Duration.between(Instant.parse(field(job, "createdAt")), Instant.parse(field(job, "startedAt"))).toNanos() / 1e6;
                // The job's end is recorded at the container's exit, before the engine has torn its network
                // down and removed it; the raw run starts once the engine is done with it, so that it does
                // not pay for Slipway's container (as Slipway's next job waits for the CLI's removal).
                awaitEvent(id, "destroy");
                String name = "slipway-bench-raw-" + ProcessHandle.current().pid() + "-" + i;
                long rawStart = System.nanoTime();
                double launched = epochMillis();
                Process docker = new ProcessBuilder("docker", "run", "--rm", "--name", name, "--label", "slipway.test=true", "busybox:latest", "true")
                        .redirectErrorStream(true).start();
                docker.getInputStream().readAllBytes();
                if (docker.waitFor() != 0) {
                    throw new IllegalStateException("docker run failed");
                }
                double rawMillis = (System.nanoTime() - rawStart) / 1e6;
                double exited = epochMillis();
                // The same on the network job containers join (a bridge of their own, no traffic between
                // containers): the engine sets up its embedded DNS for every container on a user-defined
                // network, which the default bridge does not have.
                long onNetworkStart = System.nanoTime();
                Process onNetwork = new ProcessBuilder("docker", "run", "--rm", "--network", JOB_NETWORK, "--label", "slipway.test=true",
                        "busybox:latest", "true").redirectErrorStream(true).start();
                onNetwork.getInputStream().readAllBytes();
                if (onNetwork.waitFor() != 0) {
                    throw new IllegalStateException("docker run --network " + JOB_NETWORK + " failed");
                }
                double onNetworkMillis = (System.nanoTime() - onNetworkStart) / 1e6;
                if (!warmUp) {
                    slipway.add(millis);
                    dispatch.add(queued);
                    raw.add(rawMillis);
                    rawOnNetwork.add(onNetworkMillis);
                    measured.add(new Run(id, job, posted, seen, name, launched, exited));
                }
            }
            Thread.sleep(500); // Docker's events may trail the CLI's exit by a little
        } finally {
            events.destroy(); // also when a run fails: `docker events` would outlive this JVM
        }
        for (Run run : measured) {
            Map<String, Double> c = DOCKER_EVENTS.getOrDefault(run.id(), Map.of());
            Map<String, Double> r = DOCKER_EVENTS.getOrDefault(run.name(), Map.of());
            if (!c.keySet().containsAll(List.of("create", "start", "die")) || !r.keySet().containsAll(List.of("create", "start", "die", "destroy"))) {
                continue; // an event Docker did not report in time; the phases are only a breakdown
            }
            double created = millis(run.job(), "createdAt");
            double started = millis(run.job(), "startedAt");
            double finished = millis(run.job(), "finishedAt");
            add(phases, "slipway.submit", created - run.posted());
            add(phases, "slipway.dispatch", started - created);
            add(phases, "slipway.to_create", c.get("create") - started);
            add(phases, "slipway.create_to_start", c.get("start") - c.get("create"));
            add(phases, "slipway.container", c.get("die") - c.get("start"));
            add(phases, "slipway.die_to_recorded", finished - c.get("die"));
            add(phases, "slipway.recorded_to_client", run.seen() - finished);
            add(phases, "raw.cli_to_create", r.get("create") - run.launched());
            add(phases, "raw.create_to_start", r.get("start") - r.get("create"));
            add(phases, "raw.container", r.get("die") - r.get("start"));
            add(phases, "raw.remove", r.get("destroy") - r.get("die"));
            add(phases, "raw.removed_to_exit", run.exited() - r.get("destroy"));
        }
        System.out.printf("RESULT e2e runs=%d slipway_p50_ms=%.0f slipway_p99_ms=%.0f raw_p50_ms=%.0f raw_p99_ms=%.0f ratio_p50=%.2f%n",
                runs, BenchStats.pct(slipway, 50), BenchStats.pct(slipway, 99), BenchStats.pct(raw, 50), BenchStats.pct(raw, 99), BenchStats.pct(slipway, 50) / BenchStats.pct(raw, 50));
        System.out.printf("RESULT e2e_job_network runs=%d network=%s raw_p50_ms=%.0f raw_p99_ms=%.0f ratio_p50=%.2f%n", runs, JOB_NETWORK,
                BenchStats.pct(rawOnNetwork, 50), BenchStats.pct(rawOnNetwork, 99), BenchStats.pct(slipway, 50) / BenchStats.pct(rawOnNetwork, 50));
        System.out.printf("RESULT dispatch runs=%d submit_to_claimed_p50_ms=%.0f p99_ms=%.0f%n", runs, BenchStats.pct(dispatch, 50), BenchStats.pct(dispatch, 99));
        StringBuilder line = new StringBuilder("RESULT e2e_phases_p50_ms");
        phases.forEach((phase, values) -> line.append(String.format(" %s=%.1f", phase, BenchStats.pct(values, 50))));
        System.out.println(line);
    }

    /** One measured pair: the job (its id and record), the raw container's name, and the client's times (epoch ms). */
    record Run(String id, String job, double posted, double seen, String name, double launched, double exited) {}

    /** The worker's job network (slipway.worker.jobs.network), which the worker made at its start. */
    static final String JOB_NETWORK = System.getenv().getOrDefault("SLIPWAY_BENCH_JOB_NETWORK", "slipway-jobs");

    /** Docker's own time (epoch ms) of each step of each container, by job id (its slipway.job label) or name. */
    static final Map<String, Map<String, Double>> DOCKER_EVENTS = new ConcurrentHashMap<>();

    static Process watchDocker() throws Exception {
        Process events = new ProcessBuilder("docker", "events", "--filter", "type=container", "--format",
                "{{.TimeNano}} {{.Action}} {{.Actor.Attributes.name}} {{index .Actor.Attributes \"slipway.job\"}}").start();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader in = events.inputReader()) {
                String line;
                while ((line = in.readLine()) != null) {
                    String[] f = line.split(" ", -1);
                    if (f.length >= 4) {
                        String key = f[3].isEmpty() || f[3].equals("<no value>") ? f[2] : f[3]; // a raw container has no job label
                        DOCKER_EVENTS.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).putIfAbsent(f[1], Long.parseLong(f[0]) / 1e6);
                    }
                }
            } catch (Exception e) {
                // the process was stopped
            }
        });
        return events;
    }

    /** Waits up to 10 s for Docker to report the step of the job's container. */
    static void awaitEvent(String jobId, String action) throws InterruptedException {
        for (int i = 0; i < 1000 && !DOCKER_EVENTS.getOrDefault(jobId, Map.of()).containsKey(action); i++) {
            Thread.sleep(10);
        }
    }

    static double epochMillis() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1e3 + now.getNano() / 1e6;
    }

    static double millis(String job, String field) {
        return Instant.parse(field(job, field)).toEpochMilli();
    }

    static void add(Map<String, List<Double>> phases, String phase, double millis) {
        phases.computeIfAbsent(phase, k -> new ArrayList<>()).add(millis);
    }

    static String submit(String gateway, String pool) throws Exception {
        return BenchHttp.submit(gateway, BenchHttp.trueJob(pool));
    }

    /** Reads the job's state events until the stream's end event; returns its data. */
    static String awaitEnd(String gateway, String id) throws Exception {
        HttpResponse<InputStream> response = HTTP.send(BenchHttp.request(URI.create(gateway + "/api/v1/jobs/" + id + "/events")).build(),
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
        return HTTP.send(BenchHttp.request(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
