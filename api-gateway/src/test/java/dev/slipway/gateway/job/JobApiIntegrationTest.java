package dev.slipway.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.gateway.GatewayIntegrationTest;
import dev.slipway.gateway.GatewayTestSupport;
import dev.slipway.model.JobEvent;
import dev.slipway.model.JobFields;
import dev.slipway.model.JobId;
import dev.slipway.model.JobMessage;
import dev.slipway.model.JobSpec;
import dev.slipway.model.JobState;
import dev.slipway.model.JobTopology;
import dev.slipway.model.LogStream;
import dev.slipway.model.RedisKeys;
import dev.slipway.model.Resources;
import dev.slipway.testing.LogLine;
import dev.slipway.testing.TestAuth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.StreamOffset;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The job API on the real RabbitMQ and Redis (database {@value GatewayTestSupport#REDIS_DATABASE}, flushed before each test). */
class JobApiIntegrationTest extends GatewayIntegrationTest {

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    AmqpAdmin admin;

    @Autowired
    JsonMapper json;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Each test has its own pool, hence its own queue, so no test sees another's messages. */
    private final String pool = "it-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void deleteThePoolQueue() {
        admin.deleteQueue(JobTopology.queueFor(pool));
    }

    @Test
    void anAcceptedJobIs201WithItsLocationAndIsQueuedInRedis() throws Exception {
        HttpResponse<String> response =
                submit("{\"image\":\"busybox:latest\",\"script\":[\"echo hi\"],\"pool\":\"" + pool + "\"}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode body = json.readTree(response.body());
        String id = body.get("id").asString();
        assertThat(JobId.isWellFormed(id)).isTrue();
        assertThat(body.get("state").asString()).isEqualTo("QUEUED");
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/jobs/" + id);

        JobId jobId = JobId.of(id);
        Map<Object, Object> hash = redis.opsForHash().entries(RedisKeys.job(jobId));
        assertThat(hash)
                .containsEntry(JobFields.STATE, "QUEUED")
                .containsEntry(JobFields.ATTEMPT, "0")
                .containsKeys(JobFields.CREATED_AT, JobFields.UPDATED_AT);
        JobSpec stored = json.readValue((String) hash.get(JobFields.SPEC), JobSpec.class);
        assertThat(stored.script()).containsExactly("echo hi");
        assertThat(stored.pool()).isEqualTo(pool);
        assertThat(stored.resources()).isEqualTo(new Resources(1.0, 512, 512));
        assertThat(redis.opsForZSet().score(RedisKeys.ALL_JOBS, id)).isNotNull();
        assertThat(redis.opsForZSet().score(RedisKeys.jobsInState(JobState.QUEUED), id))
                .isNotNull();

        HttpResponse<String> fetched =
                get(response.headers().firstValue("Location").orElseThrow());
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(json.readTree(fetched.body()).get("createdAt"))
                .as("the same time in the 201 and in a read")
                .isEqualTo(body.get("createdAt"));
        assertThat(json.readTree(fetched.body()).get("state").asString()).isEqualTo("QUEUED");
        assertThat(json.readTree(fetched.body()).get("spec").get("pool").asString())
                .isEqualTo(pool);
    }

    @Test
    void theMessageIsConfirmedOnThePoolsQuorumQueue() throws Exception {
        String id = submitJob();
        String queue = JobTopology.queueFor(pool);
        assertThat(queue).isEqualTo("slipway.jobs.pool." + pool);

        assertThat(admin.getQueueProperties(queue))
                .as("the pool's queue exists")
                .isNotNull();
        QueueInformation info = admin.getQueueInfo(queue);
        assertThat(info).isNotNull();
        assertThat(info.getMessageCount())
                .as("confirmed, hence in the queue, before the 201")
                .isEqualTo(1);

        // RabbitMQ answers a redeclaration with other arguments with PRECONDITION_FAILED naming the argument:
        // the queue accepts the quorum arguments and refuses "classic", so it is a quorum queue.
        rabbit.execute(channel -> channel.queueDeclare(queue, true, false, false, JobTopology.poolQueueArguments()));
        Map<String, Object> classic = new HashMap<>(JobTopology.poolQueueArguments());
        classic.put("x-queue-type", "classic");
        assertThatThrownBy(() -> rabbit.execute(channel -> channel.queueDeclare(queue, true, false, false, classic)))
                .hasStackTraceContaining("PRECONDITION_FAILED")
                .hasStackTraceContaining("x-queue-type");

        Message message = rabbit.receive(queue, 5000);
        assertThat(message).isNotNull();
        JobMessage job = json.readValue(message.getBody(), JobMessage.class);
        assertThat(job.version()).isEqualTo(JobMessage.CURRENT_VERSION);
        assertThat(job.jobId().value()).isEqualTo(id);
        assertThat(job.spec())
                .isEqualTo(json.readValue(
                        (String) redis.opsForHash().get(RedisKeys.job(JobId.of(id)), JobFields.SPEC), JobSpec.class));
        assertThat(message.getMessageProperties().getMessageId()).isEqualTo(id);
        assertThat(message.getMessageProperties().getContentType()).isEqualTo(MessageProperties.CONTENT_TYPE_JSON);
        assertThat(message.getMessageProperties().getReceivedDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
        assertThat(rabbit.receive(queue, 100)).as("exactly one message per job").isNull();
    }

    /**
     * The gateway remembers which pool queues it declared. When one is deleted behind its back, a
     * submission may be refused (503, nothing recorded) while the broker returns it as unroutable,
     * but the next one redeclares the queue and is accepted.
     */
    @Test
    void aPoolQueueDeletedBehindTheGatewaysBackIsRedeclaredAndNoRefusedJobIsRecorded() throws Exception {
        submitJob();
        String queue = JobTopology.queueFor(pool);
        admin.deleteQueue(queue);

        String accepted = null;
        for (int attempt = 0; attempt < 2 && accepted == null; attempt++) {
            HttpResponse<String> response =
                    submit("{\"image\":\"busybox\",\"command\":[\"true\"],\"pool\":\"" + pool + "\"}");
            if (response.statusCode() == 201) {
                accepted = json.readTree(response.body()).get("id").asString();
            } else {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
                assertThat(redis.opsForZSet().zCard(RedisKeys.ALL_JOBS))
                        .as("the refused job left no record")
                        .isEqualTo(1);
            }
        }

        assertThat(accepted)
                .as("accepted by the second submission at the latest")
                .isNotNull();
        assertThat(redis.opsForZSet().zCard(RedisKeys.ALL_JOBS)).isEqualTo(2);
        Message message = rabbit.receive(queue, 5000);
        assertThat(message).isNotNull();
        assertThat(json.readValue(message.getBody(), JobMessage.class).jobId().value())
                .isEqualTo(accepted);
    }

    @Test
    @SuppressWarnings("unchecked") // Spring Data Redis's read(StreamOffset...) is generic varargs
    void theJobsStreamAndTheGlobalStreamEachHaveOneQueuedStateChange() throws Exception {
        JobId id = JobId.of(submitJob());

        for (String stream : List.of(RedisKeys.jobEvents(id), RedisKeys.GLOBAL_EVENTS)) {
            List<MapRecord<String, Object, Object>> entries =
                    redis.opsForStream().read(StreamOffset.fromStart(stream));
            assertThat(entries).as(stream).hasSize(1);
            JobEvent event =
                    json.readValue((String) entries.getFirst().getValue().get(RedisKeys.EVENT_FIELD), JobEvent.class);
            assertThat(event).as(stream).isInstanceOfSatisfying(JobEvent.StateChanged.class, changed -> {
                assertThat(changed.jobId()).isEqualTo(id);
                assertThat(changed.from()).isNull();
                assertThat(changed.to()).isEqualTo(JobState.QUEUED);
                assertThat(changed.attempt()).isZero();
            });
        }
    }

    @Test
    void listingPagesThroughJobsNewestFirstExactlyOnce() throws Exception {
        List<String> submitted = submitJobs(5);

        List<JsonNode> pages = pages("/api/v1/jobs?limit=2");

        assertThat(pages).extracting(page -> page.get("items").size()).containsExactly(2, 2, 1);
        assertThat(pages.getLast().get("nextCursor").isNull()).isTrue();
        assertThat(pages.getFirst().get("nextCursor").asString()).isEqualTo(submitted.get(3));
        assertThat(ids(pages)).containsExactlyElementsOf(submitted.reversed());
    }

    @Test
    void aCursorContinuesBelowTheLastJobSeenWhileNewJobsArrive() throws Exception {
        List<String> submitted = submitJobs(4);
        JsonNode first = json.readTree(get("/api/v1/jobs?limit=2").body());

        String newer = submitJob();
        JsonNode second = json.readTree(
                get("/api/v1/jobs?limit=2&cursor=" + first.get("nextCursor").asString())
                        .body());

        assertThat(ids(List.of(first, second)))
                .containsExactly(submitted.get(3), submitted.get(2), submitted.get(1), submitted.get(0))
                .doesNotContain(newer);
        assertThat(second.get("nextCursor").isNull()).isTrue();
    }

    /**
     * The worker expires a finished job's hash after the retention time, but its id stays in the
     * indexes until a listing meets it. An expired job must be skipped without ending the listing:
     * every live job is still listed, exactly once.
     */
    @Test
    void anExpiredJobIsSkippedWithoutEndingTheListing() throws Exception {
        List<String> submitted = submitJobs(5);
        String expired = submitted.get(3); // on the first page of two
        JobId expiredId = JobId.of(expired);
        redis.delete(List.of(RedisKeys.job(expiredId), RedisKeys.jobEvents(expiredId), RedisKeys.jobLog(expiredId)));

        List<JsonNode> pages = pages("/api/v1/jobs?limit=2");

        assertThat(ids(pages)).containsExactly(submitted.get(4), submitted.get(2), submitted.get(1), submitted.get(0));
        assertThat(pages.getFirst().get("items").size()).as("a full first page").isEqualTo(2);
        assertThat(redis.opsForZSet().score(RedisKeys.ALL_JOBS, expired))
                .as("dropped from the index")
                .isNull();
        assertThat(get("/api/v1/jobs/" + expired).statusCode()).isEqualTo(404);
    }

    @Test
    void aDamagedRecordIsLeftOutOfTheListingWhichStillAnswers() throws Exception {
        List<String> submitted = submitJobs(3);
        String damaged = submitted.get(1);
        redis.opsForHash().delete(RedisKeys.job(JobId.of(damaged)), JobFields.SPEC);

        HttpResponse<String> listing = get("/api/v1/jobs");

        assertThat(listing.statusCode()).as(listing.body()).isEqualTo(200);
        assertThat(ids(List.of(json.readTree(listing.body())))).containsExactly(submitted.get(2), submitted.get(0));
    }

    @Test
    void theStateFilterOnlyListsJobsInThatState() throws Exception {
        List<String> submitted = submitJobs(3);
        String failed = submitted.get(1);
        // as the worker's transition does: move the id between the state indexes and set the hash's state
        redis.opsForZSet().remove(RedisKeys.jobsInState(JobState.QUEUED), failed);
        redis.opsForZSet().add(RedisKeys.jobsInState(JobState.FAILED), failed, 0);
        redis.opsForHash().put(RedisKeys.job(JobId.of(failed)), JobFields.STATE, "FAILED");

        assertThat(ids(pages("/api/v1/jobs?state=FAILED&limit=2"))).containsExactly(failed);
        assertThat(ids(pages("/api/v1/jobs?state=queued&limit=1"))).containsExactly(submitted.get(2), submitted.get(0));
        assertThat(ids(pages("/api/v1/jobs?state=RUNNING"))).isEmpty();
        assertThat(ids(pages("/api/v1/jobs"))).containsExactlyElementsOf(submitted.reversed());
        assertThat(json.readTree(get("/api/v1/jobs/" + failed).body())
                        .get("state")
                        .asString())
                .isEqualTo("FAILED");
    }

    @Test
    void theLogIsAllLinesAsTextInOrderAcrossMoreEntriesThanOnePage() throws Exception {
        JobId id = JobId.of(submitJob());
        StringBuilder expected = new StringBuilder();
        int line = 0;
        for (int entry = 0; entry < 600; entry++) { // 1,200 lines in 600 entries: more than one page of 500
            List<LogLine> lines = List.of(
                    new LogLine(LogStream.STDOUT, System.currentTimeMillis(), "out " + line++),
                    new LogLine(LogStream.STDERR, System.currentTimeMillis(), "err " + line++));
            GatewayTestSupport.appendLog(redis, json, id, lines);
            lines.forEach(l -> expected.append(l.text()).append('\n'));
        }
        GatewayTestSupport.endLog(redis, json, id, JobState.SUCCEEDED, 0);

        HttpResponse<String> log = get("/api/v1/jobs/" + id + "/log");

        assertThat(log.statusCode()).isEqualTo(200);
        assertThat(log.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
        assertThat(log.body().lines()).hasSize(1200);
        assertThat(log.body()).isEqualTo(expected.toString());
    }

    @Test
    void theLogOfExactlyTwoFullPagesOfEntriesWhileTheJobRunsHasEveryLineOnce() throws Exception {
        JobId id = JobId.of(submitJob());
        StringBuilder expected = new StringBuilder();
        for (int entry = 0; entry < 1000; entry++) {
            LogStream stream = entry % 3 == 0 ? LogStream.STDERR : LogStream.STDOUT;
            String text = entry == 7 ? "héllo ✓ " + entry : stream + " " + entry;
            GatewayTestSupport.appendLog(
                    redis, json, id, List.of(new LogLine(stream, System.currentTimeMillis(), text)));
            expected.append(text).append('\n');
        }

        HttpResponse<String> log = get("/api/v1/jobs/" + id + "/log");

        assertThat(log.statusCode()).isEqualTo(200);
        assertThat(log.body()).isEqualTo(expected.toString());
    }

    @Test
    void theLogOfAJobThatPrintedNothingIsEmpty() throws Exception {
        String id = submitJob();

        HttpResponse<String> log = get("/api/v1/jobs/" + id + "/log");

        assertThat(log.statusCode()).isEqualTo(200);
        assertThat(log.body()).isEmpty();
    }

    @Test
    void anUnknownJobAndItsLogAre404Problems() throws Exception {
        String unknown = "019a5f3c-7d2e-7a41-9b3c-1f2e3d4c5b6a";
        for (String path :
                List.of("/api/v1/jobs/" + unknown, "/api/v1/jobs/" + unknown + "/log", "/api/v1/jobs/nope/log")) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValue("application/problem+json");
            assertThat(json.readTree(response.body()).get("type").asString())
                    .isEqualTo("urn:slipway:problem:job-not-found");
        }
    }

    @Test
    void cancellingAQueuedJobEndsItAtOnceClosesItsLogAndDropsItsDispatch() throws Exception {
        String id = submitJob();
        JobId job = JobId.of(id);

        HttpResponse<String> response = cancel(id);

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode cancelled = json.readTree(response.body());
        assertThat(cancelled.get("state").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("cancelRequestedAt").isNull()).isFalse();
        assertThat(cancelled.get("failures").asInt()).isZero();
        assertThat(redis.opsForHash().entries(RedisKeys.job(job)))
                .containsEntry(JobFields.STATE, "CANCELLED")
                .containsKeys(JobFields.CANCEL_REQUESTED_AT, JobFields.FINISHED_AT);
        assertThat(redis.opsForZSet().score(RedisKeys.jobsInState(JobState.QUEUED), id))
                .isNull();
        assertThat(redis.opsForZSet().score(RedisKeys.jobsInState(JobState.CANCELLED), id))
                .isNotNull();
        assertThat(redis.opsForZSet().score(RedisKeys.DISPATCH, id)).isNull();
        @SuppressWarnings("unchecked") // Spring Data Redis's read(StreamOffset...) is generic varargs
        List<MapRecord<String, Object, Object>> log =
                redis.opsForStream().read(StreamOffset.fromStart(RedisKeys.jobLog(job)));
        assertThat(log).hasSize(1);
        assertThat(json.readValue(
                        log.getFirst().getValue().get(RedisKeys.EVENT_FIELD).toString(), JobEvent.class))
                .isEqualTo(new JobEvent.LogEnd(job, 0, JobState.CANCELLED, null));
        assertThat(redis.getExpire(RedisKeys.job(job))).isPositive();
    }

    @Test
    void cancellingARunningJobMarksItCancellingAndKeepsItsLease() throws Exception {
        String id = submitJob();
        JobId job = JobId.of(id);
        redis.opsForHash()
                .putAll(
                        RedisKeys.job(job),
                        Map.of(JobFields.STATE, "RUNNING", JobFields.ATTEMPT, "1", JobFields.WORKER, "w1"));
        redis.opsForZSet().remove(RedisKeys.jobsInState(JobState.QUEUED), id);
        redis.opsForZSet().add(RedisKeys.jobsInState(JobState.RUNNING), id, 0);
        redis.opsForZSet().add(RedisKeys.LEASES, id, 42);

        HttpResponse<String> first = cancel(id);
        HttpResponse<String> again = cancel(id);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(json.readTree(first.body()).get("state").asString()).isEqualTo("CANCELLING");
        assertThat(again.statusCode())
                .as("a second cancel while it stops is no error")
                .isEqualTo(202);
        assertThat(redis.opsForHash().get(RedisKeys.job(job), JobFields.STATE)).isEqualTo("CANCELLING");
        assertThat(redis.opsForZSet().score(RedisKeys.jobsInState(JobState.CANCELLING), id))
                .isNotNull();
        assertThat(redis.opsForZSet().score(RedisKeys.LEASES, id)).isEqualTo(42.0);
        assertThat(redis.hasKey(RedisKeys.jobLog(job)))
                .as("the worker, not the gateway, ends a running job's log")
                .isFalse();
    }

    @Test
    void cancellingAFinishedJobIsA409NamingItsStateAndChangesNothing() throws Exception {
        String id = submitJob();
        assertThat(cancel(id).statusCode()).isEqualTo(202);

        HttpResponse<String> response = cancel(id);

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:slipway:problem:job-finished");
        assertThat(problem.get("state").asString()).isEqualTo("CANCELLED");
        assertThat(redis.opsForStream().size(RedisKeys.jobEvents(JobId.of(id))))
                .as("queued and cancelled only")
                .isEqualTo(2);
    }

    @Test
    void cancellingAnUnknownJobIsA404Problem() throws Exception {
        for (String id : List.of("019a5f3c-7d2e-7a41-9b3c-1f2e3d4c5b6a", "nope")) {
            HttpResponse<String> response = cancel(id);
            assertThat(response.statusCode()).as(id).isEqualTo(404);
            assertThat(json.readTree(response.body()).get("type").asString())
                    .isEqualTo("urn:slipway:problem:job-not-found");
        }
    }

    private HttpResponse<String> cancel(String id) throws Exception {
        return http.send(
                TestAuth.request(URI.create("http://127.0.0.1:" + port + "/api/v1/jobs/" + id + "/cancel"))
                        .timeout(Duration.ofSeconds(15))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<JsonNode> pages(String firstPage) throws Exception {
        List<JsonNode> pages = new ArrayList<>();
        String cursor = null;
        do {
            String path =
                    firstPage + (cursor == null ? "" : (firstPage.contains("?") ? "&" : "?") + "cursor=" + cursor);
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            JsonNode page = json.readTree(response.body());
            pages.add(page);
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
            assertThat(pages).as("pages of " + firstPage).hasSizeLessThan(20);
        } while (cursor != null);
        return pages;
    }

    private static List<String> ids(List<JsonNode> pages) {
        List<String> ids = new ArrayList<>();
        pages.forEach(
                page -> page.get("items").forEach(item -> ids.add(item.get("id").asString())));
        assertThat(new HashSet<>(ids)).as("no job listed twice").hasSameSizeAs(ids);
        return ids;
    }

    /** Submits jobs one after another; returns their ids oldest first. */
    private List<String> submitJobs(int count) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(submitJob());
        }
        return ids;
    }

    private String submitJob() throws Exception {
        HttpResponse<String> response =
                submit("{\"image\":\"busybox\",\"command\":[\"true\"],\"pool\":\"" + pool + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json.readTree(response.body()).get("id").asString();
    }

    private HttpResponse<String> submit(String body) throws Exception {
        return http.send(
                TestAuth.request(URI.create("http://127.0.0.1:" + port + "/api/v1/jobs"))
                        .timeout(Duration.ofSeconds(15))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                TestAuth.request(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(15))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
