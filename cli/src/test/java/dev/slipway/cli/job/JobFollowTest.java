package dev.slipway.cli.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.slipway.cli.config.CliContext;
import dev.slipway.cli.config.Credentials;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Follows a log over real HTTP from a server that cuts the stream twice, once in the middle of an
 * event: every line arrives once, in order, on its own stream, and each reconnection names the
 * last line printed.
 */
class JobFollowTest {

    private static final String JOB = "019ab6a2-4f6e-7c1d-8a8e-0d5e2f9b1c3a";
    private static final String SILENT_JOB = "019ab6a2-4f6e-7c1d-8a8e-0d5e2f9b1c3b";

    private HttpServer server;
    private final List<String> resumedFrom = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void startAServerThatDropsTheStream() throws IOException {
        server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/jobs/" + JOB + "/logs", exchange -> {
            String lastEventId = exchange.getRequestHeaders().getFirst("Last-Event-ID");
            resumedFrom.add(String.valueOf(lastEventId));
            if (!"Bearer secret".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, "application/problem+json", "{\"detail\":\"no token\"}");
                return;
            }
            switch (resumedFrom.size()) {
                case 1 -> cutOff(exchange, """
                        retry: 1000

                        id: 10-0.0
                        event: stdout
                        data: line 1

                        id: 10-0.1
                        event: stderr
                        data: warning 1

                        id: 10-0.2
                        event: stdout
                        data: line""");
                case 2 -> respond(exchange, 503, "application/problem+json", "{\"detail\":\"Redis is away\"}");
                default -> cutOff(exchange, """
                        id: 10-0.2
                        event: stdout
                        data: line 2

                        id: 11-0.0
                        event: stdout
                        data: line 3

                        id: 11
                        event: end
                        data: {"state":"SUCCEEDED","exitCode":0,"attempt":1}

                        """);
            }
        });
        List<String> silentResumes = new CopyOnWriteArrayList<>();
        server.createContext("/api/v1/jobs/" + SILENT_JOB + "/logs", exchange -> {
            silentResumes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Last-Event-ID")));
            resumedFrom.add("silent:" + silentResumes.getLast());
            if (silentResumes.size() > 1) {
                cutOff(exchange, """
                        id: 21
                        event: end
                        data: {"state":"SUCCEEDED","exitCode":0,"attempt":1}

                        """);
                return;
            }
            // one line, then nothing: no keep-alive, no close, as a connection a NAT forgot
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream response = exchange.getResponseBody();
            response.write("id: 20-0.0\nevent: stdout\ndata: before the silence\n\n".getBytes(StandardCharsets.UTF_8));
            response.flush();
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException _) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void resumesAfterEachDropFromTheLastLinePrintedWithoutLossOrRepeat() throws Exception {
        CliContext context = new CliContext(
                Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0]));
        String url = "http://127.0.0.1:" + server.getAddress().getPort();

        int exitCode = new JobFollow(context, context.api(new Credentials(url, "secret"))).follow(JOB, false);

        assertThat(exitCode).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("line 1\nline 2\nline 3\n");
        assertThat(err.toString(StandardCharsets.UTF_8).lines().filter(line -> !line.startsWith("slipway: ")))
                .containsExactly("warning 1");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("slipway: log stream lost");
        // the first drop resumes after the last whole event, the 503 is retried with the same id
        assertThat(resumedFrom).containsExactly("null", "10-0.1", "10-0.1");
    }

    @Test
    void aConnectionSilentPastItsLimitIsDroppedAndResumed() throws Exception {
        CliContext context = new CliContext(
                Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0]));
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        long started = System.nanoTime();

        int exitCode = new JobFollow(context, context.api(new Credentials(url, "secret")))
                .follow(SILENT_JOB, false, java.time.Duration.ofSeconds(1));

        assertThat(exitCode).isZero();
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
                .isLessThan(java.time.Duration.ofSeconds(10));
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("before the silence\n");
        assertThat(resumedFrom).containsExactly("silent:null", "silent:20-0.0");
    }

    private static void cutOff(HttpExchange exchange, String body) throws IOException {
        respond(exchange, 200, "text/event-stream", body);
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream response = exchange.getResponseBody()) {
            response.write(bytes);
        }
    }
}
