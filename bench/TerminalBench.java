import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Web terminal benchmark, run by bench/terminal-bench.sh against a running gateway and worker.
 * Usage: java TerminalBench.java GATEWAY_URL ENVIRONMENT_ID CONTAINER_ID KEYSTROKES SIZE RUNS
 * One terminal session on a RUNNING environment (POST .../terminals, the ticket's websocket with
 * v1.terminal.slipway), next to a direct `docker exec -it` of the same container's shell under a
 * pseudo-terminal (bench/terminal_direct.py, the host's Docker CLI), alternating line by line so
 * that both see the same machine:
 *   rtt: one stdin frame of one printable byte, timed until channel-1 output holding that byte (the
 *        TTY's echo) arrives; the next only after the echo. A line is 25 distinct letters, then a
 *        Ctrl-U and a wait for quiet (untimed), so that no leftover can pass for an echo and the
 *        line never wraps. Two lines each side first warm up (not counted).
 *   throughput: `head -c SIZE /dev/zero | base64; echo EN''D` typed into the session, timed from the
 *        Enter to the END line, counting channel-1 bytes; the baseline is
 *        `docker exec -t CONTAINER sh -c 'head -c SIZE /dev/zero | base64'`, stdout piped and
 *        counted, timed from the CLI's start to its end. Median of RUNS, alternating.
 * lost_bytes: output the session's client never got, over all runs (the base64's bytes the direct
 * side counted, less what reached the client between its Enter and END).
 * Prints two RESULT lines. With -Dterminal.trace=FILE it also writes each timed Slipway keystroke's
 * send and echo instants (epoch microseconds), to set beside the gateway's and worker's JFR method
 * traces (docs/benchmarks.md shows the ones used).
 */
final class TerminalBench {

    private static final String SUBPROTOCOL = "v1.terminal.slipway";
    private static final int COLS = 200;
    private static final int ROWS = 50;
    /** No character here is in the prompt ("/ # ") or in ash's escapes (ESC [6n, ESC [J, ESC [1A). */
    private static final String LETTERS = "abcdefghijklmopqrstuvwxyz";

    private static final int WARMUP_LINES = 2;
    /** What the session's count has besides the base64: the Enter's echo (CR LF) and the line "END" CR LF. */
    private static final int ECHOED_AROUND = 7;
    private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final Pattern WEBSOCKET = Pattern.compile("\"websocket\":\"([^\"]+)\"");
    private static final Pattern SESSION = Pattern.compile("\"sessionId\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        String gateway = args[0];
        String environment = args[1];
        String container = args[2];
        int keystrokes = Integer.parseInt(args[3]);
        String size = args[4];
        int runs = Integer.parseInt(args[5]);
        String tracePath = System.getProperty("terminal.trace");
        PrintWriter trace = tracePath == null ? null : new PrintWriter(Files.newBufferedWriter(Path.of(tracePath)));

        Direct direct = new Direct(container);
        Session slipway = Session.open(gateway, environment);
        List<Double> slipwayMs = new ArrayList<>();
        List<Double> directMs = new ArrayList<>();
        for (int line = 0; line < WARMUP_LINES; line++) {
            slipway.typeEach(LETTERS, null);
            direct.typeEach(LETTERS);
        }
        for (int line = 0, left = keystrokes; left > 0; line++) {
            String chars = LETTERS.substring(0, Math.min(LETTERS.length(), left));
            left -= chars.length();
            if (line % 2 == 0) {
                slipwayMs.addAll(slipway.typeEach(chars, trace));
                directMs.addAll(direct.typeEach(chars));
            } else {
                directMs.addAll(direct.typeEach(chars));
                slipwayMs.addAll(slipway.typeEach(chars, trace));
            }
        }
        if (trace != null) {
            trace.close();
        }
        double p99Added = BenchStats.pct(slipwayMs, 99) - BenchStats.pct(directMs, 99);
        System.out.printf(
                "RESULT terminal_rtt keystrokes=%d slipway_p50_ms=%.2f slipway_p99_ms=%.2f slipway_max_ms=%.2f"
                        + " raw_p50_ms=%.2f raw_p99_ms=%.2f raw_max_ms=%.2f added_p50_ms=%.2f added_p99_ms=%.2f%n",
                slipwayMs.size(),
                BenchStats.pct(slipwayMs, 50),
                BenchStats.pct(slipwayMs, 99),
                BenchStats.pct(slipwayMs, 100),
                BenchStats.pct(directMs, 50),
                BenchStats.pct(directMs, 99),
                BenchStats.pct(directMs, 100),
                BenchStats.pct(slipwayMs, 50) - BenchStats.pct(directMs, 50),
                p99Added);

        List<Double> slipwayMbs = new ArrayList<>();
        List<Double> directMbs = new ArrayList<>();
        List<Double> directFirstByteMs = new ArrayList<>();
        long slipwayBytes = 0;
        long directBytes = 0;
        long lost = 0;
        for (int run = 0; run < runs; run++) {
            long[] ours = null;
            long[] theirs = null;
            if (run % 2 == 0) {
                ours = slipway.flood(size);
                theirs = directFlood(container, size);
            } else {
                theirs = directFlood(container, size);
                ours = slipway.flood(size);
            }
            slipwayBytes = ours[0];
            directBytes = theirs[0];
            lost += Math.max(0, theirs[0] + ECHOED_AROUND - ours[0]);
            slipwayMbs.add(ours[0] / (ours[1] / 1e9) / 1e6);
            directMbs.add(theirs[0] / (theirs[1] / 1e9) / 1e6);
            directFirstByteMs.add(theirs[2] / 1e6);
        }
        double ours = BenchStats.median(slipwayMbs);
        double theirs = BenchStats.median(directMbs);
        System.out.printf(
                "RESULT terminal_throughput size=%s runs=%d slipway_bytes=%d raw_bytes=%d slipway_mb_s=%.1f raw_mb_s=%.1f"
                        + " ratio=%.2f slipway_runs_mb_s=%s raw_runs_mb_s=%s raw_first_byte_ms=%.0f lost_bytes=%d%n",
                size,
                runs,
                slipwayBytes,
                directBytes,
                ours,
                theirs,
                ours / theirs,
                joined(slipwayMbs),
                joined(directMbs),
                BenchStats.median(directFirstByteMs),
                lost);

        slipway.close(gateway);
        direct.close();
    }

    private static String joined(List<Double> values) {
        return String.join(",", values.stream().map(v -> String.format("%.1f", v)).toList());
    }

    /** {bytes, nanoseconds from start to end, nanoseconds to the first byte} of the direct flood. */
    private static long[] directFlood(String container, String size) throws Exception {
        long start = System.nanoTime();
        Process exec = new ProcessBuilder(
                        "docker", "exec", "-t", container, "sh", "-c", "head -c " + size + " /dev/zero | base64")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        byte[] buffer = new byte[64 * 1024];
        long bytes = 0;
        long firstByte = 0;
        try (InputStream out = exec.getInputStream()) {
            for (int n; (n = out.read(buffer)) >= 0; ) {
                if (bytes == 0 && n > 0) {
                    firstByte = System.nanoTime() - start;
                }
                bytes += n;
            }
        }
        if (exec.waitFor() != 0) {
            throw new IllegalStateException("docker exec -t failed: exit " + exec.exitValue());
        }
        return new long[] {bytes, System.nanoTime() - start, firstByte};
    }

    /** The baseline's pseudo-terminal, driven line by line through terminal_direct.py. */
    private static final class Direct {
        private final Process helper;
        private final Writer commands;
        private final BufferedReader answers;

        Direct(String container) throws Exception {
            helper = new ProcessBuilder(
                            "python3", "bench/terminal_direct.py", container, String.valueOf(COLS), String.valueOf(ROWS))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            commands = new OutputStreamWriter(helper.getOutputStream(), StandardCharsets.US_ASCII);
            answers = new BufferedReader(new InputStreamReader(helper.getInputStream(), StandardCharsets.US_ASCII));
            expect("ready");
        }

        List<Double> typeEach(String chars) throws Exception {
            commands.write("rtt " + chars + "\n");
            commands.flush();
            String[] words = expect("rtt").split(" ");
            List<Double> millis = new ArrayList<>();
            for (int i = 1; i < words.length; i++) {
                millis.add(Long.parseLong(words[i]) / 1e6);
            }
            return millis;
        }

        private String expect(String word) throws Exception {
            String line = answers.readLine();
            if (line == null || !line.startsWith(word)) {
                throw new IllegalStateException("terminal_direct.py answered " + line + " instead of " + word);
            }
            return line;
        }

        void close() throws Exception {
            commands.write("quit\n");
            commands.flush();
            if (!helper.waitFor(15, TimeUnit.SECONDS)) {
                helper.destroyForcibly();
            }
        }
    }

    /** Output that arrived: when, and its bytes (channel 1, without the channel byte). */
    private record Chunk(long nanos, Instant at, byte[] bytes) {}

    /** One Slipway terminal session over the gateway's WebSocket. */
    private static final class Session implements WebSocket.Listener {
        private static final HttpClient WS = HttpClient.newHttpClient();
        private static final byte[] MARKER = "\nEND\r\n".getBytes(StandardCharsets.US_ASCII);

        private final String sessionId;
        private final LinkedBlockingQueue<Chunk> chunks = new LinkedBlockingQueue<>();
        private final CompletableFuture<String> ended = new CompletableFuture<>();
        private final ByteArrayOutputStream status = new ByteArrayOutputStream();
        /** The channel of the frame whose parts are arriving, -1 between frames. */
        private int channel = -1;
        private volatile long lastOutputNanos;
        /** Set while a flood runs: output is counted and scanned, not queued. */
        private volatile Flood flood;
        private WebSocket socket;

        private Session(String sessionId) {
            this.sessionId = sessionId;
        }

        static Session open(String gateway, String environment) throws Exception {
            HttpResponse<String> opened = BenchHttp.HTTP.send(
                    BenchHttp.request(URI.create(gateway + "/api/v1/environments/" + environment + "/terminals"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"cols\":" + COLS + ",\"rows\":" + ROWS + "}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (opened.statusCode() != 201) {
                throw new IllegalStateException("open failed: " + opened.statusCode() + " " + opened.body());
            }
            Matcher path = WEBSOCKET.matcher(opened.body());
            Matcher id = SESSION.matcher(opened.body());
            if (!path.find() || !id.find()) {
                throw new IllegalStateException("no websocket in " + opened.body());
            }
            Session session = new Session(id.group(1));
            session.socket = WS.newWebSocketBuilder()
                    .subprotocols(SUBPROTOCOL)
                    .buildAsync(URI.create(gateway.replaceFirst("^http", "ws") + path.group(1)), session)
                    .get(10, TimeUnit.SECONDS);
            session.send((byte) 4, ("{\"cols\":" + COLS + ",\"rows\":" + ROWS + "}").getBytes(StandardCharsets.US_ASCII));
            session.awaitQuiet(System.nanoTime() - 1, 5 * QUIET_NANOS);
            return session;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            long now = System.nanoTime();
            byte[] part = new byte[data.remaining()];
            data.get(part);
            int from = 0;
            if (channel < 0 && part.length > 0) {
                channel = part[0];
                from = 1;
            }
            if (channel == 1) {
                lastOutputNanos = now;
                Flood running = flood;
                if (running != null) {
                    running.take(part, from, now); // a flood's output is counted as it comes, not kept
                } else if (part.length > from) {
                    chunks.add(new Chunk(now, Instant.now(), Arrays.copyOfRange(part, from, part.length)));
                }
            } else if (channel == 3) {
                status.write(part, from, part.length - from);
                if (last) {
                    ended.complete(status.toString(StandardCharsets.UTF_8));
                }
            }
            if (last) {
                channel = -1;
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            ended.complete("closed " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            ended.completeExceptionally(error);
        }

        private void send(byte channel, byte[] payload) {
            byte[] frame = new byte[payload.length + 1];
            frame[0] = channel;
            System.arraycopy(payload, 0, frame, 1, payload.length);
            socket.sendBinary(ByteBuffer.wrap(frame), true).join();
        }

        private void checkOpen() {
            if (ended.isDone()) {
                throw new IllegalStateException("the session ended: " + ended.getNow("?"));
            }
        }

        /** Milliseconds from each character's frame to its echo; then a Ctrl-U and quiet. */
        List<Double> typeEach(String chars, PrintWriter trace) throws Exception {
            List<Double> millis = new ArrayList<>();
            for (byte ch : chars.getBytes(StandardCharsets.US_ASCII)) {
                chunks.clear();
                Instant sentAt = Instant.now();
                long started = System.nanoTime();
                send((byte) 0, new byte[] {ch});
                while (true) {
                    Chunk chunk = chunks.poll(10, TimeUnit.SECONDS);
                    if (chunk == null) {
                        checkOpen();
                        throw new IllegalStateException("no echo of '" + (char) ch + "' within 10 s");
                    }
                    if (contains(chunk.bytes(), ch)) {
                        millis.add((chunk.nanos() - started) / 1e6);
                        if (trace != null) {
                            trace.printf("%d %d%n", micros(sentAt), micros(chunk.at()));
                        }
                        break;
                    }
                }
            }
            long killed = System.nanoTime();
            send((byte) 0, new byte[] {0x15});
            awaitQuiet(killed, QUIET_NANOS);
            return millis;
        }

        private static long micros(Instant at) {
            return at.getEpochSecond() * 1_000_000 + at.getNano() / 1000;
        }

        /** {bytes, nanoseconds} from the Enter of the flood's command line to its END line. */
        long[] flood(String size) throws Exception {
            long typed = System.nanoTime();
            send((byte) 0, ("head -c " + size + " /dev/zero | base64; echo EN''D").getBytes(StandardCharsets.US_ASCII));
            awaitQuiet(typed, QUIET_NANOS);
            Flood run = new Flood();
            flood = run;
            chunks.clear();
            run.started = System.nanoTime();
            send((byte) 0, new byte[] {'\r'});
            long[] result;
            try {
                result = run.done.get(300, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                checkOpen();
                throw new IllegalStateException("no END line within 300 s; " + run.bytes + " bytes came");
            }
            flood = null;
            checkOpen();
            awaitQuiet(run.started, QUIET_NANOS); // the prompt after the END line
            return result;
        }

        /** Waits until output came after {@code since} and then none for {@code quiet} (at most 10 s). */
        private void awaitQuiet(long since, long quiet) throws Exception {
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < giveUp) {
                checkOpen();
                long last = lastOutputNanos;
                if (last - since > 0 && System.nanoTime() - last >= quiet) {
                    chunks.clear();
                    return;
                }
                Thread.sleep(5);
            }
            chunks.clear();
        }

        void close(String gateway) throws Exception {
            send((byte) 0, new byte[] {0x15});
            BenchHttp.HTTP.send(
                    BenchHttp.request(URI.create(gateway + "/api/v1/terminals/" + sessionId)).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
            try {
                ended.get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                System.err.println("the session sent no status within 10 s of its DELETE");
            }
            socket.abort();
        }

        private static boolean contains(byte[] bytes, byte b) {
            for (byte x : bytes) {
                if (x == b) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Counts a flood's output and finds its END line, across frames. */
    private static final class Flood {
        final CompletableFuture<long[]> done = new CompletableFuture<>();
        volatile long started;
        long bytes;
        private int matched;

        void take(byte[] part, int from, long now) {
            if (done.isDone()) {
                return;
            }
            for (int i = from; i < part.length; i++) {
                byte b = part[i];
                matched = b == Session.MARKER[matched] ? matched + 1 : (b == Session.MARKER[0] ? 1 : 0);
                if (matched == Session.MARKER.length) {
                    bytes += i - from + 1;
                    done.complete(new long[] {bytes, now - started});
                    return;
                }
            }
            bytes += part.length - from;
        }
    }
}
