package dev.slipway.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.gateway.GatewayTestSupport;
import dev.slipway.gateway.job.ActiveJobLimitException;
import dev.slipway.gateway.job.JobStore;
import dev.slipway.model.JobFields;
import dev.slipway.model.JobId;
import dev.slipway.model.JobView;
import dev.slipway.model.RedisKeys;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The submission's bookkeeping against the real Redis, interleaved with what a fast worker does meanwhile. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class RedisJobStoreIntegrationTest {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        GatewayTestSupport.services(registry);
    }

    @Autowired
    JobStore store;

    @Autowired
    StringRedisTemplate redis;

    private static JobView recorded() {
        return GatewayTestSupport.queuedJob("store-it");
    }

    private static JobView ownedBy(String owner) {
        JobView job = recorded();
        return new JobView(
                job.id(),
                job.state(),
                owner,
                job.spec(),
                job.attempt(),
                job.failures(),
                null,
                null,
                null,
                job.createdAt(),
                null,
                null,
                null,
                job.updatedAt(),
                List.of());
    }

    private void firstAttemptFailedAndRequeued(JobId id, double retryAt) {
        redis.opsForHash().putAll(RedisKeys.job(id), Map.of(JobFields.ATTEMPT, "1", JobFields.FAILURES, "1"));
        redis.opsForZSet().add(RedisKeys.DISPATCH, id.value(), retryAt);
    }

    /** A batch is many atomic steps in one round trip: the limit still holds between its jobs. */
    @Test
    void aBatchRecordsEachJobAndRefusesOnlyTheOnesOverTheirOwnersLimit() {
        String owner = "batch-" + UUID.randomUUID(); // a fresh owner: no active jobs yet
        JobView first = ownedBy(owner);
        JobView second = ownedBy(owner);
        JobView third = ownedBy(owner);
        Map<String, String> secrets = Map.of("TOKEN", "s3cret");

        List<JobStore.Recorded> answers = store.createAll(List.of(
                new JobStore.NewJob(first, secrets, 2),
                new JobStore.NewJob(second, Map.of(), 2),
                new JobStore.NewJob(third, Map.of(), 2)));

        assertThat(answers.get(0).token()).isNotBlank();
        assertThat(answers.get(1).token()).isNotBlank();
        assertThat(answers.get(2).failure()).isInstanceOf(ActiveJobLimitException.class);
        assertThat(store.find(first.id())).isPresent();
        assertThat(store.find(second.id())).isPresent();
        assertThat(store.find(third.id())).isEmpty();
        assertThat(redis.opsForHash().get(RedisKeys.jobSecrets(first.id()), "TOKEN"))
                .isEqualTo("s3cret");
        // Each token is the job's global event, as a single create's is: a withdraw needs it.
        assertThat(store.withdraw(second, answers.get(1).token())).isTrue();
    }

    /** After a Redis restart or SCRIPT FLUSH the pipeline finds no script: it loads it and goes on. */
    @Test
    void aBatchRecordsItsJobsEvenWhenRedisForgotTheScript() {
        redis.execute((RedisCallback<Object>) connection -> {
            connection.scriptingCommands().scriptFlush();
            return null;
        });
        JobView job = recorded();

        List<JobStore.Recorded> answers = store.createAll(List.of(new JobStore.NewJob(job, Map.of(), 0)));

        assertThat(answers.getFirst().failure()).isNull();
        assertThat(store.find(job.id())).isPresent();
    }

    @Test
    void aBatchOfConfirmsDropsEveryFirstDispatchEntryButARetrysEntry() {
        JobView confirmed = recorded();
        JobView retried = recorded();
        store.createAll(
                List.of(new JobStore.NewJob(confirmed, Map.of(), 0), new JobStore.NewJob(retried, Map.of(), 0)));
        firstAttemptFailedAndRequeued(retried.id(), 12345);

        store.dropFirstDispatches(List.of(confirmed.id(), retried.id()));

        assertThat(redis.opsForZSet().score(RedisKeys.DISPATCH, confirmed.id().value()))
                .isNull();
        assertThat(redis.opsForZSet().score(RedisKeys.DISPATCH, retried.id().value()))
                .isEqualTo(12345.0);
    }

    @Test
    void theConfirmOfAFirstMessageDropsItsDispatchEntry() {
        JobView job = recorded();
        store.create(job, Map.of(), 0);
        assertThat(redis.opsForZSet().score(RedisKeys.DISPATCH, job.id().value()))
                .isNotNull();

        store.dropFirstDispatch(job.id());

        assertThat(redis.opsForZSet().score(RedisKeys.DISPATCH, job.id().value()))
                .isNull();
    }

    /** The first attempt ran and failed before the gateway heard the confirm: the retry must stay scheduled. */
    @Test
    void aConfirmArrivingAfterAFastFailedFirstAttemptLeavesTheRetrysEntry() {
        JobView job = recorded();
        store.create(job, Map.of(), 0);
        firstAttemptFailedAndRequeued(job.id(), 12345);

        store.dropFirstDispatch(job.id());

        assertThat(redis.opsForZSet().score(RedisKeys.DISPATCH, job.id().value()))
                .isEqualTo(12345.0);
    }

    @Test
    void aNewJobIsWatchedUntilItsQueueTimeoutRunsOut() {
        JobView job = recorded();
        store.create(job, Map.of(), 0);

        assertThat(redis.opsForZSet().score(RedisKeys.QUEUE_DEADLINES, job.id().value()))
                .isEqualTo((double) job.createdAt()
                        .plusSeconds(job.spec().queueTimeoutSeconds())
                        .toEpochMilli());
    }

    @Test
    void aWithdrawRemovesAJobNoWorkerHasTaken() {
        JobView job = recorded();
        String token = store.create(job, Map.of(), 0);

        assertThat(store.withdraw(job, token)).isTrue();
        assertThat(redis.opsForZSet().score(RedisKeys.QUEUE_DEADLINES, job.id().value()))
                .isNull();

        assertThat(redis.hasKey(RedisKeys.job(job.id()))).isFalse();
        assertThat(redis.opsForZSet().score(RedisKeys.ALL_JOBS, job.id().value()))
                .isNull();
    }

    /** The confirm timed out but the message arrived and a worker is running the job: it must not be erased. */
    @Test
    void aWithdrawKeepsAJobAWorkerAlreadyClaimed() {
        JobView job = recorded();
        String token = store.create(job, Map.of(), 0);
        redis.opsForHash().putAll(RedisKeys.job(job.id()), Map.of(JobFields.STATE, "RUNNING", JobFields.ATTEMPT, "1"));

        assertThat(store.withdraw(job, token)).isFalse();

        assertThat(redis.opsForHash().get(RedisKeys.job(job.id()), JobFields.STATE))
                .isEqualTo("RUNNING");
        assertThat(redis.opsForZSet().score(RedisKeys.ALL_JOBS, job.id().value()))
                .isNotNull();
    }

    @Test
    void aWithdrawKeepsAFastFailedJobWaitingForItsRetry() {
        JobView job = recorded();
        String token = store.create(job, Map.of(), 0);
        firstAttemptFailedAndRequeued(job.id(), 12345);

        assertThat(store.withdraw(job, token)).isFalse();

        assertThat(redis.opsForZSet().score(RedisKeys.DISPATCH, job.id().value()))
                .isEqualTo(12345.0);
    }
}
