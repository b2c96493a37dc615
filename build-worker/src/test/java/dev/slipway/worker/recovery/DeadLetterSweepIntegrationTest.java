package dev.slipway.worker.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.slipway.model.JobFields;
import dev.slipway.model.JobId;
import dev.slipway.model.JobMessage;
import dev.slipway.model.JobSpec;
import dev.slipway.model.JobState;
import dev.slipway.model.JobTopology;
import dev.slipway.model.RedisKeys;
import dev.slipway.testing.TestJobSpecs;
import dev.slipway.testing.TestServices;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
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
 * A job whose message the broker dead-letters ends FAILED with the reason instead of waiting QUEUED
 * forever; a dead letter of an attempt the job has moved past leaves it alone. Against the real
 * RabbitMQ and Redis.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class DeadLetterSweepIntegrationTest {

    private static final String POOL = "dlq-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String UNSERVED = POOL + "-unserved";

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.springProperties(2).forEach((key, value) -> registry.add(key, () -> value));
        registry.add("slipway.worker.pools", () -> POOL);
        registry.add("slipway.worker.id", () -> "dlq-worker-" + POOL);
        registry.add("slipway.worker.slots", () -> "1");
        registry.add("slipway.worker.recovery.dead-letter-interval", () -> "1h"); // the test drains by hand
    }

    @Autowired
    DeadLetterSweep sweep;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    AmqpAdmin admin;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    JsonMapper json;

    @AfterEach
    void deleteTheUnservedQueue() {
        admin.deleteQueue(JobTopology.queueFor(UNSERVED));
    }

    /**
     * The whole path on a real quorum queue: every taker of the message dies without settling it
     * (its channel closes), RabbitMQ dead-letters it past the delivery limit, and the sweep fails
     * the job with the reason.
     */
    @Test
    void aJobWhoseMessageExceededTheDeliveryLimitEndsFailedWithTheReason() throws Exception {
        Queue queue = QueueBuilder.durable(JobTopology.queueFor(UNSERVED))
                .withArguments(JobTopology.poolQueueArguments())
                .build();
        admin.declareQueue(queue);
        admin.declareBinding(new org.springframework.amqp.core.Binding(
                queue.getName(),
                org.springframework.amqp.core.Binding.DestinationType.QUEUE,
                JobTopology.JOBS_EXCHANGE,
                UNSERVED,
                null));
        JobId job = record(UNSERVED, 0);
        rabbit.send(JobTopology.JOBS_EXCHANGE, UNSERVED, message(job, UNSERVED, 1));

        int deliveries = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        // A message comes back a moment after its channel closed; past the limit it never does.
        while (System.nanoTime() < deadline) {
            if (takeAndDie(queue.getName())) {
                deliveries++;
            } else if (deliveries > JobTopology.DELIVERY_LIMIT) {
                break;
            } else {
                Thread.sleep(50);
            }
        }
        assertThat(deliveries).as("taken until the broker gave up").isGreaterThan(JobTopology.DELIVERY_LIMIT);
        assertThat(hash(job)).containsEntry(JobFields.STATE, "QUEUED");

        await().atMost(Duration.ofSeconds(10)).until(() -> sweep.drain() > 0 || isFailed(job));

        assertThat(hash(job)).containsEntry(JobFields.STATE, "FAILED");
        assertThat(hash(job).get(JobFields.ERROR)).asString().contains("the broker gave up on its message");
        assertThat(redis.opsForZSet().score(RedisKeys.jobsInState(JobState.QUEUED), job.value()))
                .isNull();
    }

    @Test
    void aDeadLetterOfAnEarlierAttemptLeavesTheJobsRetryAlone() throws Exception {
        JobId job = record(POOL, 1); // attempt 1 failed; the job waits for attempt 2
        rabbit.send(JobTopology.DEAD_LETTER_EXCHANGE, "", message(job, POOL, 1));

        await().atMost(Duration.ofSeconds(10)).until(() -> sweep.drain() > 0);

        assertThat(hash(job)).containsEntry(JobFields.STATE, "QUEUED").containsEntry(JobFields.ATTEMPT, "1");
    }

    @Test
    void anUnreadableDeadLetterOfAQueuedJobFailsItWithWhatIsWrong() throws Exception {
        JobId job = record(POOL, 0);
        String future = "{\"version\":99,\"jobId\":\"" + job.value() + "\"}";
        rabbit.send(
                JobTopology.DEAD_LETTER_EXCHANGE,
                "",
                MessageBuilder.withBody(future.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .build());

        await().atMost(Duration.ofSeconds(10)).until(() -> sweep.drain() > 0 || isFailed(job));

        assertThat(hash(job)).containsEntry(JobFields.STATE, "FAILED");
        assertThat(hash(job).get(JobFields.ERROR)).asString().contains("schema version 99");
    }

    /** Takes the message and closes the channel without settling it, as a worker that dies would. */
    private boolean takeAndDie(String queue) throws Exception {
        com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setHost(TestServices.rabbitMq().host());
        factory.setPort(TestServices.rabbitMq().port());
        try (com.rabbitmq.client.Connection connection = factory.newConnection();
                Channel channel = connection.createChannel()) {
            GetResponse response = channel.basicGet(queue, false);
            return response != null;
        }
    }

    private boolean isFailed(JobId job) {
        return "FAILED".equals(hash(job).get(JobFields.STATE));
    }

    private Map<Object, Object> hash(JobId job) {
        return redis.opsForHash().entries(RedisKeys.job(job));
    }

    private org.springframework.amqp.core.Message message(JobId job, String pool, int attempt) {
        return MessageBuilder.withBody(json.writeValueAsBytes(JobMessage.forAttempt(job, spec(pool), attempt)))
                .build();
    }

    private static JobSpec spec(String pool) {
        return TestJobSpecs.script(pool, "true")
                .timeoutSeconds(60)
                .maxAttempts(3)
                .build();
    }

    private JobId record(String pool, int attempt) {
        return new QueuedJobRecords(redis, json).record(spec(pool), attempt);
    }
}
