package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.slipway.testing.TestServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The reliability promise at scale: 500 jobs, and while they run every worker is SIGKILLed and
 * restarted under the same id (one of them twice), Redis is paused and the RabbitMQ app is
 * restarted. Every job must end SUCCEEDED, with its final attempt's output in its log, exactly one
 * terminal state change in its event stream, and no container left. The figures it logs are those
 * in docs/reliability.md.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ChaosAtScaleE2E {

    private static final Logger log = LoggerFactory.getLogger(ChaosAtScaleE2E.class);

    private static final int JOBS = 500;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String POOL = "scale-" + RUN;
    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT");
    private static final String ATTEMPT_MARK = "[slipway] attempt ";

    private static SlipwayProcess gateway;
    private static final Map<String, SlipwayProcess> workers = new LinkedHashMap<>();
    private static SlipwayApi api;

    @BeforeAll
    static void startAGatewayAndThreeWorkers() throws Exception {
        Map<String, String> gatewayProperties = new LinkedHashMap<>(TestServices.springProperties(3));
        gatewayProperties.put("slipway.gateway.quotas.max-active-jobs", String.valueOf(2 * JOBS));
        gatewayProperties.put("slipway.gateway.auth.rate-limit.per-second", "100000");
        gatewayProperties.put("slipway.gateway.auth.rate-limit.burst", "100000");
        gateway = SlipwayProcess.start("scale-gateway", "slipway.gateway.jar", gatewayProperties);
        for (int i = 1; i <= 3; i++) {
            start(workerId(i));
        }
        gateway.awaitHealthy(Duration.ofSeconds(90));
        for (SlipwayProcess worker : workers.values()) {
            worker.awaitHealthy(Duration.ofSeconds(90));
        }
        api = new SlipwayApi(gateway.baseUrl());
    }

    @AfterAll
    static void stopEverything() {
        workers.values().forEach(SlipwayProcess::close);
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void fiveHundredJobsAllSucceedOnceThroughKilledWorkersAPausedRedisAndARestartedBroker() throws Exception {
        assumeThat(Host.onPath("rabbitmqctl")).as("rabbitmqctl on this machine").isTrue();
        long started = System.nanoTime();
        Map<String, Integer> jobs = new LinkedHashMap<>();
        for (int n = 0; n < JOBS; n++) {
            String body = SlipwayApi.jobBody(
                            POOL, List.of("echo job-" + n + " begins", "sleep 1", "echo job-" + n + " ends"), 120)
                    .replace("\"maxAttempts\":3", "\"maxAttempts\":10");
            jobs.put(api.submit(body), n);
        }
        log.info("Submitted {} jobs in {} ms", JOBS, elapsedMillis(started));

        List<String> faults = new ArrayList<>();
        restart(workerId(1), faults);
        pause(Duration.ofSeconds(4));
        Host.redis("CLIENT", "PAUSE", "3000", "ALL");
        faults.add("Redis paused for 3 s");
        pause(Duration.ofSeconds(4));
        restart(workerId(2), faults);
        pause(Duration.ofSeconds(4));
        Host.run("rabbitmqctl", "stop_app");
        pause(Duration.ofSeconds(3));
        Host.run("rabbitmqctl", "start_app");
        faults.add("RabbitMQ app restarted after 3 s down");
        pause(Duration.ofSeconds(4));
        restart(workerId(3), faults);
        pause(Duration.ofSeconds(4));
        restart(workerId(1), faults);
        log.info("Faults, by {} ms: {}", elapsedMillis(started), faults);

        int retried = 0;
        int attempts = 0;
        for (Map.Entry<String, Integer> job : jobs.entrySet()) {
            String id = job.getKey();
            JsonNode done = api.awaitTerminal(id, Duration.ofMinutes(5));
            assertThat(done.get("state").asString()).as("job %s", id).isEqualTo("SUCCEEDED");
            int attempt = done.get("attempt").asInt();
            attempts += attempt;
            retried += attempt > 1 ? 1 : 0;
            assertThat(finalAttemptOutput(api.log(id)))
                    .as("the output of the final attempt of job %s", id)
                    .isEqualTo("job-" + job.getValue() + " begins\njob-" + job.getValue() + " ends\n");
            assertThat(api.stateEvents(id).stream()
                            .map(event -> event.get("to").asString())
                            .filter(TERMINAL::contains))
                    .as("terminal state changes of job %s", id)
                    .containsExactly("SUCCEEDED");
        }
        long allDone = elapsedMillis(started);
        for (String worker : workers.keySet()) {
            assertThat(containersOfWorker(worker))
                    .as("containers of %s left", worker)
                    .isEmpty();
        }
        log.info(
                "{} jobs SUCCEEDED in {} ms; {} needed more than one attempt ({} attempts in all)",
                JOBS,
                allDone,
                retried,
                attempts);
    }

    /** The log after the last attempt's marker, without the platform's notes. */
    private static String finalAttemptOutput(String log) {
        int mark = log.lastIndexOf(ATTEMPT_MARK);
        String last = mark < 0 ? log : log.substring(log.indexOf('\n', mark) + 1);
        StringBuilder output = new StringBuilder();
        last.lines()
                .filter(line -> !line.startsWith("[slipway] "))
                .forEach(line -> output.append(line).append('\n'));
        return output.toString();
    }

    private static String workerId(int n) {
        return "scale-worker-" + n + "-" + RUN;
    }

    private static void start(String id) throws IOException {
        Map<String, String> properties = SlipwayProcess.quickRecoveryWorker(id, POOL, "4s");
        properties.put("slipway.worker.slots", "4");
        workers.put(id, SlipwayProcess.start(id + "-" + System.nanoTime(), "slipway.worker.jar", properties));
    }

    /** SIGKILL, then the same worker id again, as a host that crashed and came back. */
    private static void restart(String id, List<String> faults) throws Exception {
        workers.get(id).kill();
        start(id);
        faults.add(id + " killed and restarted");
    }

    private static List<String> containersOfWorker(String worker) throws Exception {
        Process ps = new ProcessBuilder("docker", "ps", "-aq", "--filter", "label=slipway.worker=" + worker).start();
        String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        ps.waitFor(10, TimeUnit.SECONDS);
        return out.isEmpty() ? List.of() : List.of(out.split("\\s+", -1));
    }

    private static void pause(Duration duration) throws InterruptedException {
        Thread.sleep(duration);
    }

    private static long elapsedMillis(long since) {
        return Duration.ofNanos(System.nanoTime() - since).toMillis();
    }
}
