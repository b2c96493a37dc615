package dev.slipway.e2e;

import dev.slipway.testing.TestServices;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Slipway jar running as its own operating-system process, as an operator would start it. Its
 * output goes to a file under {@code target/e2e-logs}; {@link #close} stops it by its PID.
 */
final class SlipwayProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final int port;
    private final Path logFile;

    private SlipwayProcess(String name, Process process, int port, Path logFile) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    static SlipwayProcess start(String name, String jarProperty, Map<String, String> properties) throws IOException {
        Path jar = Path.of(System.getProperty(jarProperty, ""));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: run the whole build (./mvnw verify), not this module alone");
        }
        if (jarProperty.equals("slipway.gateway.jar")) {
            // Every test names pools of its own, some served by no worker on purpose; the refusal of
            // unserved pools is the gateway's PlacementIntegrationTest's business.
            properties = new java.util.HashMap<>(properties);
            properties.putIfAbsent("slipway.gateway.pools", "*");
        }
        int port = freePort();
        Path logs = Path.of(System.getProperty("slipway.e2e.logs", "target/e2e-logs"));
        Files.createDirectories(logs);
        Path logFile = logs.resolve(name + ".log");
        List<String> command =
                new ArrayList<>(List.of(javaExecutable(), "-Xmx256m", "-jar", jar.toString(), "--server.port=" + port));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        return new SlipwayProcess(name, process, port, logFile);
    }

    /**
     * Properties of a worker on the test services (Redis database 3) that recovers in seconds, not
     * the production defaults: 2 slots, the given lease, heartbeats and sweeps every second.
     */
    static Map<String, String> quickRecoveryWorker(String id, String pools, String lease) {
        Map<String, String> properties = new HashMap<>(TestServices.springProperties(3));
        properties.put("slipway.worker.id", id);
        properties.put("slipway.worker.pools", pools);
        properties.put("slipway.worker.slots", "2");
        properties.put("slipway.worker.lease.duration", lease);
        properties.put("slipway.worker.lease.heartbeat-interval", "1s");
        properties.put("slipway.worker.recovery.sweep-interval", "1s");
        properties.put("slipway.worker.recovery.reap-interval", "2s");
        properties.put("slipway.worker.retry.initial-backoff", "500ms");
        properties.put("slipway.worker.stop-grace-period", "2s");
        properties.put("slipway.worker.drain-timeout", "3s");
        return properties;
    }

    /** Waits until the actuator reports UP; fails with the process's log when it does not come up. */
    SlipwayProcess awaitHealthy(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                HttpResponse<String> health = http.send(
                        HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
                    return this;
                }
            } catch (IOException notYetListening) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " did not become healthy within " + timeout + ":\n" + tail());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    String name() {
        return name;
    }

    /** SIGKILL: the process gets no chance to clean up, as when a host dies. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    long pid() {
        return process.pid();
    }

    /** Everything the process has written so far. */
    String output() throws IOException {
        return Files.readString(logFile);
    }

    String tail() throws IOException {
        List<String> lines = Files.readAllLines(logFile);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: Spring shuts down gracefully
        try {
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String javaExecutable() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
