package dev.slipway.worker.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.JobFields;
import dev.slipway.model.JobId;
import dev.slipway.model.JobSpec;
import dev.slipway.model.RedisKeys;
import dev.slipway.testing.TestJobSpecs;
import dev.slipway.testing.TestServices;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** A job no worker takes within its queue timeout ends FAILED, naming its pool; a started one is left alone. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class QueueTimeoutSweepIntegrationTest {

    private static final String POOL = "qt-" + UUID.randomUUID().toString().substring(0, 8);

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.springProperties(2).forEach((key, value) -> registry.add(key, () -> value));
        registry.add("slipway.worker.pools", () -> POOL);
        registry.add("slipway.worker.id", () -> "qt-worker-" + POOL);
        registry.add("slipway.worker.slots", () -> "1");
        registry.add("slipway.worker.recovery.sweep-interval", () -> "1h"); // the test sweeps by hand
        registry.add("slipway.worker.lease.duration", () -> "3h"); // which a lease must leave room for
    }

    @Autowired
    QueueTimeoutSweep sweep;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    JsonMapper json;

    @Test
    void aJobNoWorkerTookWithinItsQueueTimeoutEndsFailedNamingThePool() {
        JobId job = queued("nobody-serves-this", 0, System.currentTimeMillis() - 1);

        sweep.sweep();

        Map<Object, Object> record = redis.opsForHash().entries(RedisKeys.job(job));
        assertThat(record).containsEntry(JobFields.STATE, "FAILED");
        assertThat(record.get(JobFields.ERROR))
                .asString()
                .isEqualTo("no worker of pool 'nobody-serves-this' took the job within its queue timeout of 30 s");
        assertThat(redis.opsForZSet().score(RedisKeys.QUEUE_DEADLINES, job.value()))
                .isNull();
    }

    @Test
    void aJobWhoseTimeoutHasNotRunOutWaitsOn() {
        JobId job = queued("nobody-serves-this", 0, System.currentTimeMillis() + 60_000);

        sweep.sweep();

        assertThat(redis.opsForHash().get(RedisKeys.job(job), JobFields.STATE)).isEqualTo("QUEUED");
        assertThat(redis.opsForZSet().score(RedisKeys.QUEUE_DEADLINES, job.value()))
                .isNotNull();
    }

    /** A job that ran once and waits for a retry was taken in time: the queue timeout is done with it. */
    @Test
    void aJobThatAlreadyStartedIsNotFailedButNoLongerWatched() {
        JobId job = queued(POOL, 1, System.currentTimeMillis() - 1);

        sweep.sweep();

        assertThat(redis.opsForHash().get(RedisKeys.job(job), JobFields.STATE)).isEqualTo("QUEUED");
        assertThat(redis.opsForZSet().score(RedisKeys.QUEUE_DEADLINES, job.value()))
                .isNull();
    }

    private JobId queued(String pool, int attempt, long deadline) {
        JobSpec spec = TestJobSpecs.script(pool, "true")
                .timeoutSeconds(60)
                .maxAttempts(3)
                .queueTimeoutSeconds(30)
                .build();
        JobId job = new QueuedJobRecords(redis, json).record(spec, attempt);
        redis.opsForZSet().add(RedisKeys.QUEUE_DEADLINES, job.value(), (double) deadline);
        return job;
    }
}
