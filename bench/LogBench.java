import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Log streaming benchmark, run by bench/log-bench.sh against a running gateway and worker.
 * Usage: java LogBench.java GATEWAY_URL POOL MODE [ARGS]
 *   throughput LINES [RUNS] a container prints `seq 1 LINES`; lines/s to an SSE client, and the raw attached rate
 *   latency LINES          a container prints its uptime every 10 ms; print-to-client delay p50/p99
 *   subscribers N          N idle SSE clients on one job
 * Only the JDK is needed: `java bench/LogBench.java ...` compiles and runs this file.
 */
public class LogBench {

    static final HttpClient HTTP = BenchHttp.HTTP;

    public static void main(String[] args) throws Exception {
        String gateway = args[0];
        String pool = args[1];
        switch (args[2]) {
            case "throughput" -> throughput(gateway, pool, Integer.parseInt(args[3]), args.length > 4 ? Integer.parseInt(args[4]) : 1);
            case "latency" -> latency(gateway, pool, Integer.parseInt(args[3]));
            case "subscribers" -> subscribers(gateway, pool, Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("unknown mode " + args[2]);
        }
    }

    static String submit(String gateway, String pool, String script) throws Exception {
        String body = "{\"image\":\"busybox:latest\",\"pool\":\"" + pool + "\",\"resources\":{\"cpus\":1,\"memoryMb\":256},\"script\":[\""
                + script.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]}";
        return BenchHttp.submit(gateway, body);
    }

    static BufferedReader stream(String gateway, String id) throws Exception {
        HttpResponse<InputStream> response = HTTP.send(BenchHttp.request(URI.create(gateway + "/api/v1/jobs/" + id + "/logs")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        return new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8), 1 << 16);
    }

    /**
     * Runs {@code runs} pairs of the raw baseline and Slipway, after one unreported Slipway run of
     * the same size, all in this JVM: the gateway and worker are long-running servers, and so is
     * a real log consumer, so neither side is measured while the JIT compiler is still at work (the
     * first run was ~35% slower, and a fresh client JVM spent as much CPU as the gateway). Reports
     * each pair and the medians; the ratio is the median of the pairs' ratios, since the machine's
     * speed drifts between pairs more than within one.
     */
    static void throughput(String gateway, String pool, int lines, int runs) throws Exception {
        slipwayRun(gateway, pool, lines);
        List<Double> slipwayRates = new ArrayList<>();
        List<Double> rawRates = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> clientCpu = new ArrayList<>();
        boolean allInOrder = true;
        for (int run = 1; run <= runs; run++) {
            long rawStart = System.nanoTime();
            Process raw = new ProcessBuilder("sh", "-c", "docker run --rm --label slipway.test=true busybox:latest seq 1 " + lines + " | wc -l").start();
            long rawCount = Long.parseLong(new String(raw.getInputStream().readAllBytes()).strip());
            raw.waitFor();
            double rawRate = rawCount / ((System.nanoTime() - rawStart) / 1e9);

            long cpuBefore = cpuMillis();
            SlipwayRun slipway = slipwayRun(gateway, pool, lines);
            clientCpu.add((double) (cpuMillis() - cpuBefore));
            allInOrder &= slipway.inOrder() && slipway.received() == lines && rawCount == lines;
            slipwayRates.add(slipway.rate());
            rawRates.add(rawRate);
            ratios.add(slipway.rate() / rawRate);
            System.out.printf("run %d: slipway_lines=%d in_order=%s slipway_lps=%.0f raw_lines=%d raw_lps=%.0f ratio=%.2f client_cpu_ms=%.0f%n",
                    run, slipway.received(), slipway.inOrder(), slipway.rate(), rawCount, rawRate, slipway.rate() / rawRate, clientCpu.getLast());
        }
        System.out.printf("RESULT throughput lines=%d runs=%d all_complete_in_order=%s slipway_lps=%.0f raw_lps=%.0f ratio=%.2f ratio_min=%.2f ratio_max=%.2f client_cpu_ms=%.0f%n",
                lines, runs, allInOrder, BenchStats.median(slipwayRates), BenchStats.median(rawRates), BenchStats.median(ratios), Collections.min(ratios), Collections.max(ratios),
                BenchStats.median(clientCpu));
    }

    record SlipwayRun(long received, boolean inOrder, double rate) {}

    /**
     * Submits `seq 1 LINES` and reads its log over SSE to the end, checking every line; timed from
     * before the submit. The SSE client is curl, the client of the API's own examples: a native
     * client, as `docker` and `wc` are on the raw side. The JDK's HttpClient, used before, spent
     * ~550 ms of CPU per million lines on the same two cores as what it measured (curl and the
     * checking here: ~130 ms), which cost Slipway about a tenth of its rate.
     */
    static SlipwayRun slipwayRun(String gateway, String pool, int lines) throws Exception {
        long start = System.nanoTime();
        String id = submit(gateway, pool, "seq 1 " + lines);
        StdoutNumbers numbers = new StdoutNumbers();
        Process curl = new ProcessBuilder("curl", "-sSN", "-H", "Authorization: " + BenchHttp.AUTHORIZATION, gateway + "/api/v1/jobs/" + id + "/logs").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (InputStream in = curl.getInputStream()) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                numbers.accept(buffer, n);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        curl.waitFor();
        return new SlipwayRun(numbers.received, numbers.inOrder, numbers.received / seconds);
    }

    /** CPU time of this JVM and of its children waited for (curl), from /proc/self/stat, in milliseconds. */
    static long cpuMillis() throws Exception {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = 0;
        for (int field = 11; field <= 14; field++) { // utime, stime, cutime, cstime
            ticks += Long.parseLong(fields[field]);
        }
        return ticks * 10; // USER_HZ is 100 on Linux
    }

    static double uptime() throws Exception {
        return Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
    }

    static void latency(String gateway, String pool, int lines) throws Exception {
        // The container shares the host's kernel, so /proc/uptime is one clock on both sides (10 ms resolution).
        String id = submit(gateway, pool, "i=0; while [ $i -lt " + lines + " ]; do read up rest < /proc/uptime; echo $up; i=$((i+1)); usleep 10000; done");
        List<Double> delays = new ArrayList<>();
        try (BufferedReader in = stream(gateway, id)) {
            String line;
            String event = "";
            while ((line = in.readLine()) != null) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ") && event.equals("stdout")) {
                    delays.add((uptime() - Double.parseDouble(line.substring(6))) * 1000);
                }
            }
        }
        Collections.sort(delays);
        System.out.printf("RESULT latency lines=%d p50_ms=%.0f p99_ms=%.0f max_ms=%.0f (10 ms clock resolution)%n",
                delays.size(), delays.get(delays.size() / 2), delays.get((int) (delays.size() * 0.99)), delays.getLast());
    }

    static void subscribers(String gateway, String pool, int count) throws Exception {
        // A job in a pool no worker serves: its log stream stays open and idle (its queue goes with the others at the end).
        String id = submit(gateway, pool + "-idle", "true");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(60)).build();
        List<CompletableFuture<HttpResponse<InputStream>>> streams = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            streams.add(client.sendAsync(BenchHttp.request(URI.create(gateway + "/api/v1/jobs/" + id + "/logs")).build(),
                    HttpResponse.BodyHandlers.ofInputStream()));
            if (i % 500 == 499) {
                CompletableFuture.allOf(streams.toArray(CompletableFuture[]::new)).join();
            }
        }
        CompletableFuture.allOf(streams.toArray(CompletableFuture[]::new)).join();
        long ok = streams.stream().filter(f -> f.join().statusCode() == 200).count();
        System.out.printf("RESULT subscribers open=%d of=%d connect_s=%.1f job=%s%n", ok, count, (System.nanoTime() - start) / 1e9, id);
        System.out.println("READY"); // the script measures the gateway's heap now
        new BufferedReader(new InputStreamReader(System.in)).readLine();
        for (var stream : streams) {
            stream.join().body().close();
        }
    }

    /**
     * Counts the {@code stdout} events of an SSE byte stream and checks their data are 1, 2, 3, ...
     * without a String per line: the client shares the two cores with what it measures, and a
     * readLine-per-line client cost about as much CPU as the gateway (the raw baseline's client is
     * {@code wc -l}). Every line is still read and checked.
     */
    static final class StdoutNumbers {
        private static final byte[] EVENT_STDOUT = "event: stdout".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
        private final byte[] line = new byte[1 << 16];
        private int length;
        private boolean stdout;
        long received;
        long expected = 1;
        boolean inOrder = true;

        void accept(byte[] bytes, int count) {
            for (int i = 0; i < count; i++) {
                byte b = bytes[i];
                if (b == '\n') {
                    endOfLine();
                    length = 0;
                } else if (length < line.length) {
                    line[length++] = b;
                }
            }
        }

        private void endOfLine() {
            if (startsWith(EVENT_STDOUT) && length == EVENT_STDOUT.length) {
                stdout = true;
            } else if (startsWith(DATA)) {
                if (stdout) {
                    received++;
                    if (inOrder && parse(DATA.length) != expected++) {
                        inOrder = false;
                    }
                }
                stdout = false;
            } else if (startsWith(EVENT)) {
                stdout = false;
            }
        }

        private long parse(int from) {
            long value = 0;
            for (int i = from; i < length; i++) {
                int digit = line[i] - '0';
                if (digit < 0 || digit > 9) {
                    return -1;
                }
                value = value * 10 + digit;
            }
            return from == length ? -1 : value;
        }

        private boolean startsWith(byte[] prefix) {
            if (length < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (line[i] != prefix[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
