package dev.slipway.worker.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.model.JobId;
import dev.slipway.model.JobMessage;
import dev.slipway.model.JobSpec;
import dev.slipway.model.JobState;
import dev.slipway.model.JobTopology;
import dev.slipway.model.RedisKeys;
import dev.slipway.testing.TestJobSpecs;
import dev.slipway.testing.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * A QUEUED job that no message carries any more (Redis lost a claim after the broker's ack) is
 * published again for the attempt it waits for; a job whose message may still be in its queue, that
 * was queued recently, or that is scheduled already, is not; one run schedules a bounded number,
 * and none while messages wait in the queue.
 * Against the real RabbitMQ and Redis; this worker serves none of the pools, so messages stay put.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ReconcilerIntegrationTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String EMPTY = "rec-empty-" + RUN;
    private static final String BUSY = "rec-busy-" + RUN;
    private static final Duration AFTER = Duration.ofMinutes(30);

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.springProperties(2).forEach((key, value) -> registry.add(key, () -> value));
        registry.add("slipway.worker.pools", () -> "rec-worker-" + RUN);
        registry.add("slipway.worker.id", () -> "rec-worker-" + RUN);
        registry.add("slipway.worker.slots", () -> "1");
        registry.add("slipway.worker.recovery.sweep-interval", () -> "200ms"); // the dispatcher publishes soon
        registry.add("slipway.worker.recovery.reconcile-after", () -> AFTER.toString()); // the test runs it by hand
    }

    @Autowired
    Reconciler reconciler;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    AmqpAdmin admin;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    JsonMapper json;

    private final Instant longAgo = Instant.now().minus(AFTER.multipliedBy(2));

    @BeforeEach
    void onlyThisTestsJobsAreQueuedAndBothQueuesAreEmpty() {
        // QUEUED records other tests of this module left in the shared database are not this test's
        redis.delete(RedisKeys.jobsInState(JobState.QUEUED));
        declare(EMPTY);
        declare(BUSY);
    }

    @AfterEach
    void deleteTheQueues() {
        admin.deleteQueue(JobTopology.queueFor(EMPTY));
        admin.deleteQueue(JobTopology.queueFor(BUSY));
    }

    @Test
    void aJobQueuedLongWithNoMessageAnywhereIsPublishedAgainForTheAttemptItWaitsFor() {
        JobId stranded = records().record(spec(EMPTY), 1, longAgo);

        assertThat(reconciler.reconcile()).isEqualTo(1);

        Message published = rabbit.receive(
                JobTopology.queueFor(EMPTY), Duration.ofSeconds(10).toMillis());
        assertThat(published).as("the dispatcher published it").isNotNull();
        JobMessage message = json.readValue(published.getBody(), JobMessage.class);
        assertThat(message.jobId()).isEqualTo(stranded);
        assertThat(message.attempt()).isEqualTo(2);
    }

    @Test
    void noJobIsPublishedAgainWhileItsQueueHoldsAMessageOrItWasQueuedRecentlyOrIsScheduledAlready() {
        JobId behindABacklog = records().record(spec(BUSY), 0, longAgo);
        rabbit.send(
                JobTopology.JOBS_EXCHANGE,
                BUSY,
                MessageBuilder.withBody("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .build());
        JobId recent = records().record(spec(EMPTY), 0, Instant.now());
        JobId scheduled = records().record(spec(EMPTY), 0, longAgo);
        double later = (double) Instant.now().plusSeconds(3600).toEpochMilli();
        redis.opsForZSet().add(RedisKeys.DISPATCH, scheduled.value(), later);

        assertThat(reconciler.reconcile()).isZero();

        assertThat(redis.opsForZSet().score(RedisKeys.DISPATCH, behindABacklog.value()))
                .isNull();
        assertThat(redis.opsForZSet().score(RedisKeys.DISPATCH, recent.value())).isNull();
        assertThat(redis.opsForZSet().score(RedisKeys.DISPATCH, scheduled.value()))
                .as("left as it was")
                .isEqualTo(later);
        redis.opsForZSet().remove(RedisKeys.DISPATCH, scheduled.value());
    }

    @Test
    void oneRunSchedulesAtMostItsBoundAndNoneWhileThoseWaitInTheQueue() {
        for (int i = 0; i < Reconciler.MAX_PER_RUN + 20; i++) {
            records().record(spec(EMPTY), 0, longAgo);
        }

        assertThat(reconciler.reconcile()).isEqualTo(Reconciler.MAX_PER_RUN);
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        admin.getQueueInfo(JobTopology.queueFor(EMPTY)).getMessageCount() == Reconciler.MAX_PER_RUN);

        assertThat(reconciler.reconcile())
                .as("no more duplicates while messages wait: any of them may be a stranded job's")
                .isZero();
    }

    /** The index is read a page at a time, by id: a job past the first page is reached by the next run. */
    @Test
    void aStrandedJobBeyondTheFirstPageIsReachedByTheNextRun() {
        for (int i = 0; i < Reconciler.PAGE; i++) {
            records().record(spec(EMPTY), 0, Instant.now()); // waiting, not stranded
        }
        JobId last = records().record(JobId.of("ffffffff-ffff-7fff-bfff-ffffffffffff"), spec(EMPTY), 0, longAgo);

        int first = reconciler.reconcile();
        int second = reconciler.reconcile();

        assertThat(first)
                .as("the first page holds the %d waiting jobs", Reconciler.PAGE)
                .isZero();
        assertThat(second).isEqualTo(1);
        Message published = rabbit.receive(
                JobTopology.queueFor(EMPTY), Duration.ofSeconds(10).toMillis());
        assertThat(published).isNotNull();
        assertThat(json.readValue(published.getBody(), JobMessage.class).jobId())
                .isEqualTo(last);
    }

    private void declare(String pool) {
        Queue queue = QueueBuilder.durable(JobTopology.queueFor(pool))
                .withArguments(JobTopology.poolQueueArguments())
                .build();
        admin.declareQueue(queue);
        admin.purgeQueue(queue.getName(), false);
        admin.declareBinding(
                new Binding(queue.getName(), Binding.DestinationType.QUEUE, JobTopology.JOBS_EXCHANGE, pool, null));
    }

    private QueuedJobRecords records() {
        return new QueuedJobRecords(redis, json);
    }

    private static JobSpec spec(String pool) {
        return TestJobSpecs.script(pool, "true")
                .timeoutSeconds(60)
                .maxAttempts(3)
                .build();
    }
}
