package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.testing.TestServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Gateway and worker on a Redis set run by Sentinel, configured only through Spring Boot's standard
 * properties: jobs run before the master is killed, Sentinel promotes the replica, and jobs run
 * again afterwards without restarting either process. Redis servers and sentinels are started here
 * from the machine's redis-server (in sentinel mode for the sentinels) and stopped by PID.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SentinelE2E {

    private static final String MASTER_NAME = "slipway-e2e";
    private static final int MASTER_PORT = 16390;
    private static final int REPLICA_PORT = 16391;
    private static final List<Integer> SENTINEL_PORTS = List.of(26390, 26391, 26392);
    private static final String POOL =
            "sentinel-" + UUID.randomUUID().toString().substring(0, 8);

    private static final List<Process> redisProcesses = new ArrayList<>();
    private static Process master;
    private static Path dir;
    private static SlipwayProcess gateway;
    private static SlipwayProcess worker;
    private static SlipwayApi api;

    @BeforeAll
    static void startARedisSetUnderSentinelAndSlipwayOnIt() throws Exception {
        assumeThat(Host.onPath("redis-server") && Host.onPath("redis-cli"))
                .as("redis-server and redis-cli on this machine")
                .isTrue();
        dir = Files.createTempDirectory("slipway-sentinel");
        master = redis(MASTER_PORT);
        redis(REPLICA_PORT, "--replicaof", "127.0.0.1", String.valueOf(MASTER_PORT));
        for (int port : SENTINEL_PORTS) {
            Path config = dir.resolve("sentinel-" + port + ".conf");
            Files.writeString(config, """
                    port %d
                    bind 127.0.0.1
                    dir %s
                    sentinel monitor %s 127.0.0.1 %d 2
                    sentinel down-after-milliseconds %s 1000
                    sentinel failover-timeout %s 5000
                    """.formatted(port, dir, MASTER_NAME, MASTER_PORT, MASTER_NAME, MASTER_NAME));
            start(List.of("redis-server", config.toString(), "--sentinel"), "sentinel-" + port);
        }
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> cli(SENTINEL_PORTS.getFirst(), "SENTINEL", "replicas", MASTER_NAME)
                        .contains(String.valueOf(REPLICA_PORT)));

        Map<String, String> properties = new HashMap<>(TestServices.springProperties(0));
        properties.remove("spring.data.redis.host");
        properties.remove("spring.data.redis.port");
        properties.put("spring.data.redis.sentinel.master", MASTER_NAME);
        properties.put(
                "spring.data.redis.sentinel.nodes",
                String.join(
                        ",",
                        SENTINEL_PORTS.stream().map(port -> "127.0.0.1:" + port).toList()));
        gateway = SlipwayProcess.start("sentinel-gateway", "slipway.gateway.jar", properties);
        Map<String, String> workerProperties = new HashMap<>(properties);
        workerProperties.put("slipway.worker.id", "sentinel-worker-" + POOL);
        workerProperties.put("slipway.worker.pools", POOL);
        worker = SlipwayProcess.start("sentinel-worker", "slipway.worker.jar", workerProperties);
        gateway.awaitHealthy(Duration.ofSeconds(90));
        worker.awaitHealthy(Duration.ofSeconds(90));
        api = new SlipwayApi(gateway.baseUrl());
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (worker != null) {
            worker.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        for (Process process : redisProcesses) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void jobsRunBeforeAndAfterSentinelFailsTheMasterOver() throws Exception {
        String before = api.submit(SlipwayApi.jobBody(POOL, List.of("echo before the failover"), 60));
        assertThat(api.awaitTerminal(before, Duration.ofSeconds(60))
                        .get("state")
                        .asString())
                .isEqualTo("SUCCEEDED");
        cli(MASTER_PORT, "WAIT", "1", "5000"); // the replica has everything so far

        master.destroyForcibly();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> cli(SENTINEL_PORTS.getFirst(), "SENTINEL", "get-master-addr-by-name", MASTER_NAME)
                        .contains(String.valueOf(REPLICA_PORT)));

        String after = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(
                        () -> api.submit(SlipwayApi.jobBody(POOL, List.of("echo after the failover"), 60)),
                        id -> id != null);
        JsonNode done = api.awaitTerminal(after, Duration.ofSeconds(90));
        assertThat(done.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(api.log(after)).isEqualTo("after the failover\n");
        assertThat(api.job(before).get("state").asString())
                .as("the record written before, read from the promoted replica")
                .isEqualTo("SUCCEEDED");
        assertThat(api.get("/actuator/health").statusCode()).isEqualTo(200);
    }

    private static Process redis(int port, String... extra) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                "redis-server",
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString(),
                "--dbfilename",
                "dump-" + port + ".rdb"));
        command.addAll(List.of(extra));
        return start(command, "redis-" + port);
    }

    private static Process start(List<String> command, String name) throws IOException {
        Path logs = Path.of(System.getProperty("slipway.e2e.logs", "target/e2e-logs"));
        Files.createDirectories(logs);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile())
                .start();
        redisProcesses.add(process);
        return process;
    }

    private static String cli(int port, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(port)));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(10, TimeUnit.SECONDS);
        return out;
    }
}
