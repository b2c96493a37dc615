package dev.slipway.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.gateway.GatewayTestSupport;
import dev.slipway.model.JobEvent;
import dev.slipway.model.JobId;
import dev.slipway.model.JobMessage;
import dev.slipway.model.JobState;
import dev.slipway.model.JobTopology;
import dev.slipway.model.LogLine;
import dev.slipway.model.LogStream;
import dev.slipway.model.RedisKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The job API on the real RabbitMQ and Redis. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JobApiIntegrationTest {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        GatewayTestSupport.services(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    AmqpAdmin admin;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    JsonMapper json;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String pool = "it-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void anAcceptedJobIsRecordedQueuedAndConfirmedOnItsPoolsQuorumQueue() throws Exception {
        HttpResponse<String> response = submit("{\"image\":\"busybox:latest\",\"script\":[\"echo hi\"],\"pool\":\"" + pool + "\"}");

        assertThat(response.statusCode()).isEqualTo(201);
        String id = json.readTree(response.body()).get("id").asString();
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/jobs/" + id);
        assertThat(redis.opsForHash().get(RedisKeys.job(JobId.of(id)), "state")).isEqualTo("QUEUED");
        assertThat(redis.opsForZSet().score(RedisKeys.jobsInState(JobState.QUEUED), id)).isNotNull();

        String queue = JobTopology.queueFor(pool);
        assertThat(admin.getQueueInfo(queue)).isNotNull();
        Message message = rabbit.receive(queue, 5000);
        assertThat(message).isNotNull();
        JobMessage job = json.readValue(message.getBody(), JobMessage.class);
        assertThat(job.jobId().value()).isEqualTo(id);
        assertThat(job.spec().script()).containsExactly("echo hi");
        assertThat(message.getMessageProperties().getMessageId()).isEqualTo(id);

        var events = redis.opsForStream().read(StreamOffset.fromStart(RedisKeys.jobEvents(JobId.of(id))));
        assertThat(events).hasSize(1);
        JobEvent first = json.readValue(events.getFirst().getValue().get(RedisKeys.EVENT_FIELD).toString(), JobEvent.class);
        assertThat(first).isInstanceOfSatisfying(JobEvent.StateChanged.class, changed -> assertThat(changed.to()).isEqualTo(JobState.QUEUED));
        admin.deleteQueue(queue);
    }

    @Test
    void listingPagesThroughJobsNewestFirstExactlyOnce() throws Exception {
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            submitted.add(json.readTree(submit("{\"image\":\"busybox\",\"command\":[\"true\"],\"pool\":\"" + pool + "\"}").body())
                    .get("id").asString());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = json.readTree(get("/api/v1/jobs?state=queued&limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).body());
            page.get("items").forEach(item -> seen.add(item.get("id").asString()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        } while (cursor != null && !seen.containsAll(submitted));

        List<String> ours = seen.stream().filter(submitted::contains).toList();
        assertThat(ours).containsExactlyElementsOf(submitted.reversed());
        assertThat(new HashSet<>(seen)).hasSameSizeAs(seen);
        admin.deleteQueue(JobTopology.queueFor(pool));
    }

    @Test
    void theStateFilterOnlyListsJobsInThatState() throws Exception {
        String queued = json.readTree(submit("{\"image\":\"busybox\",\"command\":[\"true\"],\"pool\":\"" + pool + "\"}").body()).get("id").asString();
        String failed = json.readTree(submit("{\"image\":\"busybox\",\"command\":[\"true\"],\"pool\":\"" + pool + "\"}").body()).get("id").asString();
        redis.opsForZSet().remove(RedisKeys.jobsInState(JobState.QUEUED), failed);
        redis.opsForZSet().add(RedisKeys.jobsInState(JobState.FAILED), failed, 0);
        redis.opsForHash().put(RedisKeys.job(JobId.of(failed)), "state", "FAILED");

        Set<String> failedIds = ids(get("/api/v1/jobs?state=FAILED&limit=500").body());

        assertThat(failedIds).contains(failed).doesNotContain(queued);
        assertThat(json.readTree(get("/api/v1/jobs/" + failed).body()).get("state").asString()).isEqualTo("FAILED");
        admin.deleteQueue(JobTopology.queueFor(pool));
    }

    @Test
    void theLogIsAllLinesAsTextInOrderAcrossManyEntries() throws Exception {
        String id = json.readTree(submit("{\"image\":\"busybox\",\"command\":[\"true\"],\"pool\":\"" + pool + "\"}").body()).get("id").asString();
        StringBuilder expected = new StringBuilder();
        for (int entry = 0; entry < 600; entry++) {
            List<LogLine> lines = List.of(
                    new LogLine(LogStream.STDOUT, System.currentTimeMillis(), "out " + entry),
                    new LogLine(LogStream.STDERR, System.currentTimeMillis(), "err " + entry));
            GatewayTestSupport.appendLog(redis, json, JobId.of(id), lines);
            expected.append("out ").append(entry).append('\n').append("err ").append(entry).append('\n');
        }
        GatewayTestSupport.endLog(redis, json, JobId.of(id), JobState.SUCCEEDED, 0);

        HttpResponse<String> log = get("/api/v1/jobs/" + id + "/log");

        assertThat(log.statusCode()).isEqualTo(200);
        assertThat(log.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
        assertThat(log.body()).isEqualTo(expected.toString());
        admin.deleteQueue(JobTopology.queueFor(pool));
    }

    private Set<String> ids(String page) {
        Set<String> ids = new HashSet<>();
        json.readTree(page).get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }

    private HttpResponse<String> submit(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/jobs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
