import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Job acceptance benchmark, run by bench/accept-bench.sh against a running gateway.
 * Usage: java AcceptBench.java GATEWAY_URL POOL SECONDS PERFTEST_CLASSPATH CLIENTS...
 * (PERFTEST_CLASSPATH "-": no PerfTest run; SLIPWAY_BENCH_ACCEPT_LABEL names the RESULT lines, "accept" by default)
 * For each number of clients C: C closed-loop clients POST `true` jobs for SECONDS to pool POOL-cC,
 * which no worker serves, so every job stays queued and only acceptance is measured: each 201 means
 * recorded in Redis and confirmed by RabbitMQ into the pool's quorum queue. Then RabbitMQ PerfTest
 * publishes for as long to a quorum queue of its own with C producers, each waiting for its
 * confirm before the next message (`--confirm 1`, as each HTTP request waits for one), and
 * messages of the size the gateway publishes: the broker's own ceiling for this pattern.
 * One unreported run with the most clients first warms the gateway up (a cold one was half as fast).
 * Only the JDK is needed: `java bench/AcceptBench.java ...` compiles and runs this file.
 */
public class AcceptBench {

    private static final String POOL_QUEUE = "slipway.jobs.pool."; // as JobTopology.queueForRoute names them
    private static final Pattern PERFTEST_RATE = Pattern.compile("sending rate avg: (\\d+) msg/s");

    public static void main(String[] args) throws Exception {
        URI gateway = URI.create(args[0]);
        String pool = args[1];
        int seconds = Integer.parseInt(args[2]);
        String perfTestClasspath = args[3];
        int[] clients = Arrays.stream(args, 4, args.length).mapToInt(Integer::parseInt).toArray();
        accept(gateway, pool + "-warmup", Arrays.stream(clients).max().orElseThrow(), seconds);
        deleteQueue(POOL_QUEUE + pool + "-warmup");
        String label = System.getenv().getOrDefault("SLIPWAY_BENCH_ACCEPT_LABEL", "accept");
        for (int c : clients) {
            Accepted slipway = accept(gateway, pool + "-c" + c, c, seconds);
            if (perfTestClasspath.equals("-")) { // no baseline asked for: a second configuration of the same gateway
                System.out.printf("RESULT %s clients=%d seconds=%d accepted=%d failed=%d slipway_per_s=%.0f p50_ms=%.1f p99_ms=%.1f%n",
                        label, c, seconds, slipway.latencies().length, slipway.failed(), slipway.perSecond(),
                        BenchStats.pct(slipway.latencies(), 50) / 1e6, BenchStats.pct(slipway.latencies(), 99) / 1e6);
                deleteQueue(POOL_QUEUE + pool + "-c" + c);
                continue;
            }
            double perftest = perfTest(perfTestClasspath, pool + "-c" + c + "-perftest", c, seconds, slipway.messageBytes());
            System.out.printf("RESULT " + label + " clients=%d seconds=%d accepted=%d failed=%d slipway_per_s=%.0f p50_ms=%.1f p99_ms=%.1f message_bytes=%d perftest_per_s=%.0f ratio=%.2f%n",
                    c, seconds, slipway.latencies().length, slipway.failed(), slipway.perSecond(), BenchStats.pct(slipway.latencies(), 50) / 1e6,
                    BenchStats.pct(slipway.latencies(), 99) / 1e6, slipway.messageBytes(), perftest, slipway.perSecond() / perftest);
            // Each run leaves up to a hundred thousand messages queued; the next run should not pay for them.
            deleteQueue(POOL_QUEUE + pool + "-c" + c);
            deleteQueue(pool + "-c" + c + "-perftest");
        }
    }

    static void deleteQueue(String name) throws Exception {
        new ProcessBuilder("rabbitmqctl", "-q", "delete_queue", name).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    record Accepted(long[] latencies, long failed, double perSecond, int messageBytes) {}

    static Accepted accept(URI gateway, String pool, int clients, int seconds) throws Exception {
        String body = BenchHttp.trueJob(pool);
        int messageBytes = messageBytes(BenchHttp.create(gateway.toString(), body));

        byte[] post = ("POST /api/v1/jobs HTTP/1.1\r\nHost: " + gateway.getHost() + "\r\nContent-Type: application/json\r\n"
                + "Authorization: " + BenchHttp.AUTHORIZATION + "\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
        AtomicLong failed = new AtomicLong();
        ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                long[] mine = new long[1 << 18]; // ample: 13,000 requests a second per client for 20 s
                int n = 0;
                Connection connection = null;
                try {
                    while (System.nanoTime() < deadline && n < mine.length) {
                        long sent = System.nanoTime();
                        if (connection == null) {
                            connection = new Connection(gateway);
                        }
                        if (connection.exchange(post) == 201) {
                            mine[n++] = System.nanoTime() - sent;
                        } else {
                            failed.incrementAndGet();
                        }
                        if (connection.closing) { // Tomcat closes a keep-alive connection after 100 requests
                            connection.close();
                            connection = null;
                        }
                    }
                    if (connection != null) {
                        connection.close();
                    }
                } catch (IOException e) {
                    failed.incrementAndGet(); // a broken connection ends this client; the count shows it
                }
                latencies.add(Arrays.copyOf(mine, n));
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Accepted(all, failed.get(), all.length / elapsed, messageBytes);
    }

    /**
     * The size of the message the gateway publishes for this job: a JobMessage, i.e. version, id,
     * the spec as the 201 shows it, and the attempt (RabbitJobPublisher writes it with the same mapper).
     */
    static int messageBytes(String created) {
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(created);
        Matcher spec = Pattern.compile("\"spec\":(\\{.*\\}),\"attempt\"").matcher(created);
        if (!id.find() || !spec.find()) {
            throw new IllegalStateException("unexpected 201 body: " + created);
        }
        String message = "{\"version\":1,\"jobId\":\"" + id.group(1) + "\",\"spec\":" + spec.group(1) + ",\"attempt\":1}";
        return message.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Runs PerfTest in its own JVM and returns its average publish rate (messages/s). A broker busy
     * with what ran before can miss PerfTest's connection handshake (10 s): that run is tried once
     * more, since it measured nothing.
     */
    static double perfTest(String classpath, String queue, int producers, int seconds, int size) throws Exception {
        try {
            return perfTestOnce(classpath, queue, producers, seconds, size);
        } catch (IllegalStateException e) {
            if (!String.valueOf(e.getMessage()).contains("TimeoutException")) {
                throw e;
            }
            System.err.println("PerfTest could not connect in time; running it once more");
            return perfTestOnce(classpath, queue + "-again", producers, seconds, size);
        }
    }

    private static double perfTestOnce(String classpath, String queue, int producers, int seconds, int size)
            throws Exception {
        Process process = new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"), "-cp", classpath, "com.rabbitmq.perf.PerfTest",
                "--uri", "amqp://guest:guest@127.0.0.1:5672", "--queue", queue, "--quorum-queue",
                "--producers", Integer.toString(producers), "--confirm", "1", "--consumers", "0",
                "--time", Integer.toString(seconds), "--size", Integer.toString(size))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Matcher rate = PERFTEST_RATE.matcher(output);
        if (process.waitFor() != 0 || !rate.find()) {
            throw new IllegalStateException("PerfTest failed (exit " + process.exitValue() + "):\n" + output);
        }
        return Double.parseDouble(rate.group(1));
    }

    /**
     * One keep-alive HTTP/1.1 connection, blocking. The JDK's HttpClient took more CPU per request
     * than the gateway itself (both share two cores here), so the load generator would have
     * measured mostly itself; this reads just the status and skips the body.
     */
    static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        boolean closing;

        Connection(URI gateway) throws IOException {
            socket = new Socket(gateway.getHost(), gateway.getPort());
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), 8192);
            out = socket.getOutputStream();
        }

        /** Sends a whole request; returns the response's status once its body has been read. */
        int exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String status = line();
            long length = -1;
            boolean chunked = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).strip());
                } else if (lower.equals("transfer-encoding: chunked")) {
                    chunked = true;
                } else if (lower.equals("connection: close")) {
                    closing = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().strip(), 16); size > 0; size = Long.parseLong(line().strip(), 16)) {
                    in.skipNBytes(size + 2); // the chunk and its CRLF
                }
                line(); // the CRLF after the last, empty chunk (no trailers)
            } else if (length > 0) {
                in.skipNBytes(length);
            }
            return Integer.parseInt(status.substring(9, 12));
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new EOFException("connection closed");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
