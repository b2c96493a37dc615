package dev.slipway.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.gateway.GatewayApplication;
import dev.slipway.gateway.GatewayTestSupport;
import dev.slipway.gateway.job.JobStore;
import dev.slipway.model.JobEvent;
import dev.slipway.model.JobId;
import dev.slipway.model.JobState;
import dev.slipway.model.JobView;
import dev.slipway.model.LogStream;
import dev.slipway.model.RedisKeys;
import dev.slipway.model.WorkerId;
import dev.slipway.testing.LogLine;
import dev.slipway.testing.SseTestClient;
import dev.slipway.testing.TestServices;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** Live log streams over SSE from the real Redis: complete, ordered, resumable, served by any gateway. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LogStreamIntegrationTest {

    private static final int LINES = 20_000;
    private static final int LINES_PER_ENTRY = 250;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        GatewayTestSupport.services(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    JobStore store;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    JsonMapper json;

    private JobId newJob() {
        JobView job = GatewayTestSupport.queuedJob("default");
        store.create(job, Map.of(), 100);
        return job.id();
    }

    /** Writes numbered lines as a worker would, a batch every few milliseconds, then the end marker. */
    private CompletableFuture<Void> printNumberedLines(JobId job, long pauseMillis) {
        return CompletableFuture.runAsync(() -> {
            for (int start = 1; start <= LINES; start += LINES_PER_ENTRY) {
                List<LogLine> batch = new ArrayList<>();
                for (int n = start; n < start + LINES_PER_ENTRY; n++) {
                    batch.add(new LogLine(
                            n % 10 == 0 ? LogStream.STDERR : LogStream.STDOUT,
                            System.currentTimeMillis(),
                            String.valueOf(n)));
                }
                GatewayTestSupport.appendLog(redis, json, job, batch);
                sleep(pauseMillis);
            }
            GatewayTestSupport.endLog(redis, json, job, JobState.SUCCEEDED, 0);
        });
    }

    private String logsUrl(int port, JobId job) {
        return "http://127.0.0.1:" + port + "/api/v1/jobs/" + job + "/logs";
    }

    private static List<String> numbers(List<SseTestClient.Event> events) {
        return events.stream()
                .filter(e -> !e.name().equals("end"))
                .map(SseTestClient.Event::data)
                .toList();
    }

    private static List<String> expectedNumbers() {
        return IntStream.rangeClosed(1, LINES).mapToObj(String::valueOf).toList();
    }

    @Test
    void twentyThousandLinesArriveOnceInOrderWhileTheyAreWritten() throws Exception {
        JobId job = newJob();
        try (SseTestClient client = SseTestClient.open(logsUrl(port, job), Map.of())) {
            assertThat(client.response().headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(client.response().headers().firstValue("X-Accel-Buffering"))
                    .hasValue("no");
            CompletableFuture<Void> writer = printNumberedLines(job, 5);

            List<SseTestClient.Event> events = client.readToEnd();

            writer.get(30, TimeUnit.SECONDS);
            assertThat(numbers(events)).containsExactlyElementsOf(expectedNumbers());
            SseTestClient.Event end = events.getLast();
            assertThat(end.name()).isEqualTo("end");
            assertThat(json.readTree(end.data()).get("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(json.readTree(end.data()).get("exitCode").asInt()).isZero();
            assertThat(events)
                    .filteredOn(e -> e.name().equals("stderr"))
                    .hasSize(LINES / 10)
                    .allSatisfy(e -> assertThat(Integer.parseInt(e.data()) % 10).isZero());
            assertThat(events).filteredOn(e -> e.name().equals("stdout")).hasSize(LINES - LINES / 10);
        }
    }

    @Test
    void aClientThatDisconnectsMidwayResumesFromItsLastEventIdWithNoGapAndNoRepeat() throws Exception {
        JobId job = newJob();
        CompletableFuture<Void> writer = printNumberedLines(job, 2);
        List<SseTestClient.Event> firstPart = new ArrayList<>();
        try (SseTestClient client = SseTestClient.open(logsUrl(port, job), Map.of())) {
            for (int i = 0; i < 7_123; i++) {
                firstPart.add(client.next());
            }
        }
        String lastId = firstPart.getLast().id();
        // One more drop and resume, this time with ?after= as tools without headers would.
        List<SseTestClient.Event> secondPart = new ArrayList<>();
        try (SseTestClient client = SseTestClient.open(logsUrl(port, job), Map.of("Last-Event-ID", lastId))) {
            for (int i = 0; i < 5_001; i++) {
                secondPart.add(client.next());
            }
        }
        List<SseTestClient.Event> rest;
        try (SseTestClient client = SseTestClient.open(
                logsUrl(port, job) + "?after=" + secondPart.getLast().id(), Map.of())) {
            rest = client.readToEnd();
        }
        writer.get(30, TimeUnit.SECONDS);

        List<String> union = new ArrayList<>(numbers(firstPart));
        union.addAll(numbers(secondPart));
        union.addAll(numbers(rest));
        assertThat(union).containsExactlyElementsOf(expectedNumbers());
        assertThat(rest.getLast().name()).isEqualTo("end");
    }

    @Test
    void aLateClientReplaysEverythingAndTheEnd() throws Exception {
        JobId job = newJob();
        printNumberedLines(job, 0).get(30, TimeUnit.SECONDS);

        try (SseTestClient client = SseTestClient.open(logsUrl(port, job), Map.of())) {
            List<SseTestClient.Event> events = client.readToEnd();
            assertThat(numbers(events)).containsExactlyElementsOf(expectedNumbers());
            assertThat(events.getLast().name()).isEqualTo("end");
        }
    }

    /** One shared reader fans each entry out to every client of the stream. */
    @Test
    void everyOneOfManyClientsOnOneStreamGetsEachLiveLineAndTheEnd() throws Exception {
        JobId job = newJob();
        List<SseTestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                clients.add(SseTestClient.open(logsUrl(port, job), Map.of()));
            }
            GatewayTestSupport.appendLog(
                    redis,
                    json,
                    job,
                    List.of(
                            new LogLine(LogStream.STDOUT, System.currentTimeMillis(), "1"),
                            new LogLine(LogStream.STDOUT, System.currentTimeMillis(), "2")));
            GatewayTestSupport.endLog(redis, json, job, JobState.SUCCEEDED, 0);

            for (SseTestClient client : clients) {
                List<SseTestClient.Event> events = client.readToEnd();
                assertThat(numbers(events)).containsExactly("1", "2");
                assertThat(events.getLast().name()).isEqualTo("end");
            }
        } finally {
            for (SseTestClient client : clients) {
                client.close();
            }
        }
    }

    @Test
    void twoGatewaysServeTheSameStreamWithTheSameEventIds() throws Exception {
        Map<String, Object> properties =
                new java.util.HashMap<>(TestServices.springProperties(GatewayTestSupport.REDIS_DATABASE));
        properties.put("server.port", "0");
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(GatewayApplication.class)
                .properties(properties)
                .run()) {
            int secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
            JobId job = newJob();
            try (SseTestClient one = SseTestClient.open(logsUrl(port, job), Map.of());
                    SseTestClient two = SseTestClient.open(logsUrl(secondPort, job), Map.of())) {
                CompletableFuture<List<SseTestClient.Event>> fromSecond = CompletableFuture.supplyAsync(() -> {
                    try {
                        return two.readToEnd();
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                CompletableFuture<Void> writer = printNumberedLines(job, 2);
                List<SseTestClient.Event> fromFirst = one.readToEnd();
                writer.get(30, TimeUnit.SECONDS);
                assertThat(fromSecond.get(30, TimeUnit.SECONDS)).containsExactlyElementsOf(fromFirst);
                assertThat(numbers(fromFirst)).containsExactlyElementsOf(expectedNumbers());
            }
        }
    }

    /** Graceful shutdown waits for open requests; a stream that never ends by itself must not hold it up. */
    @Test
    void aGatewayShuttingDownEndsItsOpenStreamsInsteadOfWaitingForThem() throws Exception {
        Map<String, Object> properties =
                new java.util.HashMap<>(TestServices.springProperties(GatewayTestSupport.REDIS_DATABASE));
        properties.put("server.port", "0");
        ConfigurableApplicationContext second = new SpringApplicationBuilder(GatewayApplication.class)
                .properties(properties)
                .run();
        int secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
        JobId job = newJob(); // it never ends: nothing writes its log
        try (SseTestClient logs = SseTestClient.open(logsUrl(secondPort, job), Map.of());
                SseTestClient _ = SseTestClient.open("http://localhost:" + secondPort + "/api/v1/events", Map.of())) {
            CompletableFuture<List<SseTestClient.Event>> logEvents = CompletableFuture.supplyAsync(() -> {
                try {
                    return logs.readToEnd();
                } catch (java.io.IOException e) {
                    return List.of();
                }
            });
            await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> second.getBean(SseHub.class).liveStreams() == 2);

            long start = System.nanoTime();
            second.close();
            long seconds = (System.nanoTime() - start) / 1_000_000_000;

            assertThat(seconds).as("seconds to shut down with two open streams").isLessThan(10);
            logEvents.get(10, TimeUnit.SECONDS); // the client saw its stream end
        }
    }

    @Test
    void linesAreSentVerbatimAndACarriageReturnCannotForgeAnEvent() throws Exception {
        JobId job = newJob();
        GatewayTestSupport.appendLog(
                redis,
                json,
                job,
                List.of(
                        new LogLine(LogStream.STDOUT, System.currentTimeMillis(), "  indented\tand: colons "),
                        new LogLine(LogStream.STDOUT, System.currentTimeMillis(), "windows line\r"),
                        new LogLine(
                                LogStream.STDOUT,
                                System.currentTimeMillis(),
                                "progress 10%\rprogress 20%\revent: forged"),
                        new LogLine(LogStream.STDOUT, System.currentTimeMillis(), "")));
        GatewayTestSupport.endLog(redis, json, job, JobState.FAILED, 1);

        try (SseTestClient client = SseTestClient.open(logsUrl(port, job), Map.of())) {
            List<SseTestClient.Event> events = client.readToEnd();
            assertThat(events)
                    .extracting(SseTestClient.Event::name)
                    .containsExactly("stdout", "stdout", "stdout", "stdout", "end");
            assertThat(events.get(0).data()).isEqualTo("  indented\tand: colons ");
            assertThat(events.get(1).data()).isEqualTo("windows line");
            assertThat(events.get(2).data()).isEqualTo("progress 10%\nprogress 20%\nevent: forged");
            assertThat(events.get(3).data()).isEmpty();
        }
    }

    @Test
    void aJobThatEndedWithoutAnEndMarkerStillEndsTheStream() throws Exception {
        JobId job = newJob();
        redis.opsForHash().putAll(RedisKeys.job(job), Map.of("state", "FAILED", "error", "lost", "attempt", "1"));

        try (SseTestClient client = SseTestClient.open(logsUrl(port, job), Map.of())) {
            List<SseTestClient.Event> events = client.readToEnd();
            assertThat(events).extracting(SseTestClient.Event::name).containsExactly("end");
            assertThat(json.readTree(events.getFirst().data()).get("state").asString())
                    .isEqualTo("FAILED");
        }
    }

    @Test
    void stateEventsOfAJobStreamUntilItsTerminalState() throws Exception {
        JobId job = newJob();
        try (SseTestClient client =
                SseTestClient.open("http://127.0.0.1:" + port + "/api/v1/jobs/" + job + "/events", Map.of())) {
            WorkerId worker = WorkerId.of("w1");
            GatewayTestSupport.add(
                    redis,
                    json,
                    RedisKeys.jobEvents(job),
                    new JobEvent.StateChanged(
                            job, 1, JobState.QUEUED, JobState.RUNNING, worker, null, null, Instant.now(), "admin"));
            GatewayTestSupport.add(
                    redis,
                    json,
                    RedisKeys.jobEvents(job),
                    new JobEvent.StateChanged(
                            job, 1, JobState.RUNNING, JobState.SUCCEEDED, worker, 0, null, Instant.now(), "admin"));

            List<SseTestClient.Event> events = client.readToEnd();

            assertThat(events).extracting(SseTestClient.Event::name).containsExactly("state", "state", "state", "end");
            assertThat(events.subList(0, 3))
                    .extracting(e -> json.readValue(e.data(), JobEvent.class))
                    .extracting(e -> ((JobEvent.StateChanged) e).to())
                    .containsExactly(JobState.QUEUED, JobState.RUNNING, JobState.SUCCEEDED);
            assertThat(events.get(3).id()).isEqualTo(events.get(2).id());
            assertThat(json.readTree(events.get(3).data()).get("state").asString())
                    .isEqualTo("SUCCEEDED");
        }
    }

    @Test
    @Timeout(10) // the bug this guards against is a stream that never closes
    void resumingStateEventsAfterTheTerminalOneGetsOnlyTheEndAtOnce() throws Exception {
        JobId job = newJob();
        WorkerId worker = WorkerId.of("w1");
        GatewayTestSupport.add(
                redis,
                json,
                RedisKeys.jobEvents(job),
                new JobEvent.StateChanged(
                        job, 1, JobState.QUEUED, JobState.RUNNING, worker, null, null, Instant.now(), "admin"));
        GatewayTestSupport.add(
                redis,
                json,
                RedisKeys.jobEvents(job),
                new JobEvent.StateChanged(
                        job, 1, JobState.RUNNING, JobState.FAILED, worker, 2, null, Instant.now(), "admin"));
        redis.opsForHash().putAll(RedisKeys.job(job), Map.of("state", "FAILED", "exitCode", "2", "attempt", "1"));
        String terminalId;
        try (SseTestClient client =
                SseTestClient.open("http://127.0.0.1:" + port + "/api/v1/jobs/" + job + "/events", Map.of())) {
            terminalId = client.readToEnd().getLast().id();
        }

        try (SseTestClient client = SseTestClient.open(
                "http://127.0.0.1:" + port + "/api/v1/jobs/" + job + "/events", Map.of("Last-Event-ID", terminalId))) {
            List<SseTestClient.Event> events = client.readToEnd();

            assertThat(events).extracting(SseTestClient.Event::name).containsExactly("end");
            assertThat(events.getFirst().id()).isEqualTo(terminalId);
            assertThat(json.readTree(events.getFirst().data()).get("exitCode").asInt())
                    .isEqualTo(2);
        }
    }

    @Test
    void unknownJobsAndForeignEventIdsAreProblems() throws Exception {
        try (SseTestClient client =
                SseTestClient.open(logsUrl(port, JobId.of("019a5f3c-7d2e-7a41-9b3c-1f2e3d4c5b6a")), Map.of())) {
            assertThat(client.response().statusCode()).isEqualTo(404);
        }
        JobId job = newJob();
        try (SseTestClient client = SseTestClient.open(logsUrl(port, job), Map.of("Last-Event-ID", "yesterday"))) {
            assertThat(client.response().statusCode()).isEqualTo(400);
            assertThat(client.response().headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
    }

    private static void sleep(long millis) {
        if (millis == 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
