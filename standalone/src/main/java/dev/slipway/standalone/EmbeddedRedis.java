package dev.slipway.standalone;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.core.RedisServerBuilder;

/**
 * A private redis-server for the standalone mode: the binary embedded-redis ships for this OS, on a
 * free loopback port, keeping nothing on disk. It runs as a child process in a session of its own
 * (where {@code setsid} exists), so the Ctrl-C meant for the JVM does not end it before the
 * worker has handed its jobs back; and it is started here rather than by embedded-redis, whose
 * own shutdown hook would stop it while the worker still needs it. A JVM that is killed outright
 * cannot stop it; the next start finds it by its pid file and stops it then.
 */
final class EmbeddedRedis implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);
    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final Process process;
    private final int port;
    private final Path pidFile;

    private EmbeddedRedis(Process process, int port, Path pidFile) {
        this.process = process;
        this.port = port;
        this.pidFile = pidFile;
    }

    static EmbeddedRedis start(Path stateDirectory) throws IOException, InterruptedException {
        Files.createDirectories(stateDirectory);
        Path pidFile = stateDirectory.resolve("redis.pid");
        stopLeftover(pidFile);
        int port = freePort();
        // embedded-redis picks the binary for this OS and architecture and writes the config file.
        RedisServerBuilder builder = RedisServer.newRedisServer()
                // Into the state directory, not a new temporary one per run that a killed JVM leaves behind.
                .executableProvider(ExecutableProvider.newJarResourceProvider(stateDirectory.toFile()))
                .bind("127.0.0.1")
                .port(port)
                .setting("save \"\"")
                .setting("appendonly no")
                .setting("dir " + stateDirectory.toAbsolutePath())
                .setting("pidfile " + pidFile.toAbsolutePath());
        List<String> command = new ArrayList<>(builder.buildCommandArgs());
        SETSID.stream()
                .filter(Files::isExecutable)
                .findFirst()
                .ifPresent(setsid -> command.addFirst(setsid.toString()));
        Path output = stateDirectory.resolve("redis.log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!LocalServices.listens(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException("redis-server did not start; its output is in " + output);
            }
            Thread.sleep(50);
        }
        log.info(
                "Started a private redis-server (pid {}) on 127.0.0.1:{}; its output goes to {}",
                process.pid(),
                port,
                output);
        return new EmbeddedRedis(process, port, pidFile);
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale pid file is checked against the process it names before anything is stopped
        }
    }

    /** A redis-server left by a standalone JVM that was killed outright. */
    private static void stopLeftover(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return;
        }
        String text = Files.readString(pidFile).strip();
        Files.delete(pidFile);
        if (!text.matches("\\d+")) {
            return;
        }
        ProcessHandle.of(Long.parseLong(text))
                .filter(process -> process.info()
                        .command()
                        .map(command -> command.contains("redis-server"))
                        .orElse(false))
                .ifPresent(process -> {
                    log.info("Stopping the redis-server (pid {}) left by an earlier standalone run", process.pid());
                    process.destroy();
                    process.onExit().join();
                });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
