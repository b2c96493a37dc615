import java.io.BufferedReader;
import java.io.InputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Log streaming benchmark, run by bench/log-bench.sh against a running gateway and worker.
 * Usage: java LogBench.java GATEWAY_URL POOL MODE [ARGS]
 *   throughput LINES [RUNS] a container prints `seq 1 LINES`; lines/s to an SSE client, and the raw attached rate
 *   latency LINES          a container prints its uptime every 10 ms; print-to-client delay p50/p99
 *   subscribers N [SOURCES] N idle SSE clients on one job, from SOURCES loopback addresses (default 8)
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
            case "subscribers" -> subscribers(gateway, pool, Integer.parseInt(args[3]), args.length > 4 ? Integer.parseInt(args[4]) : 8);
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

    /**
     * Opens {@code count} idle SSE clients on one job and holds them until a line arrives on stdin.
     * The client must run out of nothing before the gateway does: one thread and one selector hold
     * every socket (the JDK's HttpClient spent a few KB and a future on each), and each socket is
     * bound to one of {@code sources} loopback addresses in turn (127.0.0.2, 127.0.0.3, ...), since
     * one source address has only ~28,000 ephemeral ports towards the gateway's one port. At most
     * {@link #OPENING} connections are being opened at a time, so the gateway's accept queue is
     * never the limit either. A client counts as open once its response began with a 200.
     */
    static void subscribers(String gateway, String pool, int count, int sources) throws Exception {
        // A job in a pool no worker serves: its log stream stays open and idle (its queue goes with the others at the end).
        String id = submit(gateway, pool + "-idle", "true");
        URI uri = URI.create(gateway);
        InetSocketAddress server = new InetSocketAddress(uri.getHost(), uri.getPort());
        byte[] request = ("GET /api/v1/jobs/" + id + "/logs HTTP/1.1\r\nHost: " + uri.getAuthority()
                + "\r\nAccept: text/event-stream\r\nAuthorization: " + BenchHttp.AUTHORIZATION + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        Subscribers subscribers = new Subscribers(server, request, sources);
        long start = System.nanoTime();
        subscribers.open(count);
        System.out.printf("RESULT subscribers open=%d of=%d connect_s=%.1f sources=%d job=%s%n",
                subscribers.open, count, (System.nanoTime() - start) / 1e9, sources, id);
        System.out.println("READY"); // the script measures the gateway's heap now
        Thread holder = Thread.ofPlatform().daemon().start(subscribers::hold); // reads the keep-alives meanwhile
        new BufferedReader(new InputStreamReader(System.in)).readLine();
        holder.interrupt();
        holder.join();
        System.out.printf("subscribers still open at the end: %d of %d%n", subscribers.open, count);
        subscribers.closeAll();
    }

    /** Connections opened at once: well under Tomcat's accept queue and the kernel's somaxconn. */
    static final int OPENING = 200;

    /** Idle SSE clients on one selector: the state of each is its key's attachment, a few bytes. */
    static final class Subscribers {
        private final InetSocketAddress server;
        private final ByteBuffer request;
        private final int sources;
        private final Selector selector;
        /** Response bytes are only looked at until the status line; everything is read into this and dropped. */
        private final ByteBuffer scratch = ByteBuffer.allocate(1 << 16);
        int open;
        int failed;
        private int opening;
        private int started;

        Subscribers(InetSocketAddress server, byte[] request, int sources) throws IOException {
            this.server = server;
            this.request = ByteBuffer.wrap(request);
            this.sources = sources;
            this.selector = Selector.open();
        }

        /** A socket's state: how much of the request is sent, and whether its 200 has been seen. */
        static final class Client {
            int sent;
            boolean ok;
        }

        void open(int count) throws IOException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            boolean exhausted = false; // no socket to be had (the open-file limit): stop opening
            while ((opening > 0 || (started < count && !exhausted)) && System.nanoTime() < deadline) {
                while (opening < OPENING && started < count && !exhausted) {
                    try {
                        connect();
                    } catch (IOException e) {
                        System.out.println("subscribers: no more sockets after " + started + ": " + e);
                        exhausted = true;
                    }
                }
                selector.select(1000);
                for (SelectionKey key : selector.selectedKeys()) {
                    step(key);
                }
                selector.selectedKeys().clear();
            }
            if (failed > 0) {
                System.out.printf("subscribers that failed to open: %d%n", failed);
            }
        }

        private void connect() throws IOException {
            SocketChannel channel = SocketChannel.open();
            try {
                channel.configureBlocking(false);
                channel.bind(new InetSocketAddress("127.0.0." + (2 + started % sources), 0));
                channel.connect(server);
                channel.register(selector, SelectionKey.OP_CONNECT, new Client());
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            started++;
            opening++;
        }

        /** Advances one socket: connected, request sent, status line seen, then only drained. */
        private void step(SelectionKey key) {
            SocketChannel channel = (SocketChannel) key.channel();
            Client client = (Client) key.attachment();
            try {
                if (key.isConnectable()) {
                    channel.finishConnect();
                    key.interestOps(SelectionKey.OP_WRITE);
                }
                if (key.isValid() && key.isWritable()) {
                    client.sent += channel.write(request.duplicate().position(client.sent));
                    if (client.sent == request.limit()) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                }
                if (key.isValid() && key.isReadable()) {
                    scratch.clear();
                    if (channel.read(scratch) < 0) {
                        throw new IOException("closed by the gateway");
                    }
                    if (!client.ok) {
                        String head = new String(scratch.array(), 0, Math.min(scratch.position(), 12), StandardCharsets.US_ASCII);
                        if (!head.equals("HTTP/1.1 200")) {
                            throw new IOException("answered " + head);
                        }
                        client.ok = true;
                        opening--;
                        open++;
                    }
                }
            } catch (IOException e) {
                if (failed++ < 5) {
                    System.out.println("subscriber failed: " + e);
                }
                if (client.ok) {
                    open--;
                } else {
                    opening--;
                }
                key.cancel();
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // gone already
                }
            }
        }

        /** Reads (and drops) the keep-alives until interrupted, noticing streams the gateway ends. */
        void hold() {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    selector.select(1000);
                    for (SelectionKey key : selector.selectedKeys()) {
                        step(key);
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException e) {
                System.out.println("holding the subscribers failed: " + e);
            }
        }

        void closeAll() throws IOException {
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();
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
