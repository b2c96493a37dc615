package dev.slipway.worker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.slipway.model.JobEvent;
import dev.slipway.model.JobFields;
import dev.slipway.model.JobId;
import dev.slipway.model.JobRecord;
import dev.slipway.model.JobSpec;
import dev.slipway.model.JobState;
import dev.slipway.model.RedisKeys;
import dev.slipway.model.Resources;
import dev.slipway.model.WorkerId;
import dev.slipway.redis.JobMoveMeters;
import dev.slipway.redis.RedisJobTransitions;
import dev.slipway.testing.TestRedis;
import dev.slipway.worker.execution.JobMoves;
import dev.slipway.worker.execution.JobStateStore;
import dev.slipway.worker.execution.JobStateStore.LeaseStatus;
import dev.slipway.worker.execution.Outcome;
import dev.slipway.worker.execution.Settlement;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker's job state changes against a real Redis, through the shared transition script: claims,
 * leases, settling and the fence that keeps a stale attempt from changing a job that moved on.
 * Uses a Redis database of its own: no worker of another test sweeps these leases.
 */
class RedisJobStateStoreIntegrationTest {

    private static final int DATABASE = 4;
    private static final WorkerId ME = WorkerId.of("worker-a");
    private static final WorkerId OTHER = WorkerId.of("worker-b");
    private static final Duration RETENTION = Duration.ofHours(1);
    /** A lease term that has run out by the time it is recorded. */
    private static final Duration RUN_OUT = Duration.ofMillis(-1);

    private static final Duration QUIET_LIMIT = Duration.ofSeconds(10);
    private static final Duration TERM = Duration.ofSeconds(15);

    private static final TestRedis database = TestRedis.database(DATABASE);
    private static final StringRedisTemplate redis = database.template();

    private final JsonMapper json = JsonMapper.builder().build();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RedisJobStateStore store =
            new RedisJobStateStore(redis, new RedisJobTransitions(redis, json, RETENTION, new JobMoveMeters(meters)));
    private final JobMoves moves = new JobMoves(store, new Settlement(Duration.ofSeconds(2), Duration.ofMinutes(1)));
    private final Instant now = Instant.now();

    @BeforeAll
    static void emptyTheDatabase() {
        database.flush();
    }

    /** A sweep saw Redis just now: the next one judges instead of granting. */
    @BeforeEach
    void aSweepRanJustBefore() {
        store.expiredLeases(Duration.ofHours(1), TERM, 1);
    }

    @AfterAll
    static void disconnect() {
        database.close();
    }

    @Test
    void aClaimStartsTheNextAttemptHoldsALeaseAndDropsThePendingDispatch() {
        JobId job = queued(3);
        redis.opsForZSet().add(RedisKeys.DISPATCH, job.value(), (double) now.toEpochMilli());

        assertThat(moves.claim(job, 1, ME, now, Duration.ofSeconds(15))).contains(1);

        assertThat(redis.opsForHash().entries(RedisKeys.job(job)))
                .containsEntry(JobFields.STATE, "RUNNING")
                .containsEntry(JobFields.ATTEMPT, "1")
                .containsEntry(JobFields.WORKER, ME.value());
        assertThat(leaseEnd(job)).isCloseTo(redisMillis() + 15_000, within(1_000L));
        assertThat(redis.opsForZSet().score(RedisKeys.DISPATCH, job.value())).isNull();
        assertThat(indexed(job)).containsExactly(JobState.RUNNING);
    }

    @Test
    void aSecondClaimOfTheSameMessageGetsNothing() {
        JobId job = queued(3);
        moves.claim(job, 1, ME, now, Duration.ofSeconds(15));

        assertThat(moves.claim(job, 1, OTHER, now, Duration.ofSeconds(15))).isEmpty();
        assertThat(moves.claim(job, 0, OTHER, now, Duration.ofSeconds(15))).isEmpty();
        assertThat(redis.opsForHash().get(RedisKeys.job(job), JobFields.WORKER)).isEqualTo(ME.value());
    }

    @Test
    void aStaleMessageForAnAttemptThatAlreadyRanIsNotClaimedButTheCurrentOneIs() {
        JobId job = queued(3);
        moves.claim(job, 1, ME, now, RUN_OUT);
        moves.settleLost(job, now);

        assertThat(moves.claim(job, 1, OTHER, now, Duration.ofSeconds(15))).isEmpty();
        assertThat(moves.claim(job, 2, OTHER, now, Duration.ofSeconds(15))).contains(2);
    }

    @Test
    void renewingTellsTheOwnerToGoOnToCancelOrThatItLostTheJob() {
        JobId job = queued(3);
        moves.claim(job, 1, ME, now, Duration.ofSeconds(15));

        assertThat(store.renew(job, 1, ME, Duration.ofSeconds(30))).isEqualTo(LeaseStatus.HELD);
        assertThat(leaseEnd(job)).isCloseTo(redisMillis() + 30_000, within(1_000L));
        assertThat(store.renew(job, 1, OTHER, Duration.ofSeconds(30))).isEqualTo(LeaseStatus.LOST);
        assertThat(store.renew(job, 2, ME, Duration.ofSeconds(30))).isEqualTo(LeaseStatus.LOST);

        redis.opsForHash().put(RedisKeys.job(job), JobFields.STATE, "CANCELLING");
        assertThat(store.renew(job, 1, ME, Duration.ofSeconds(30))).isEqualTo(LeaseStatus.CANCEL_REQUESTED);
    }

    @Test
    void aLapsedLeaseIsSettledAsLostAndRequeuedForALaterDispatch() {
        JobId job = queued(3);
        moves.claim(job, 1, ME, now, RUN_OUT);

        assertThat(judgedExpired()).contains(job);
        assertThat(moves.settleLost(job, now)).contains(JobState.QUEUED);

        assertThat(redis.opsForHash().entries(RedisKeys.job(job)))
                .containsEntry(JobFields.STATE, "QUEUED")
                .containsEntry(JobFields.FAILURES, "1");
        assertThat((String) redis.opsForHash().get(RedisKeys.job(job), JobFields.ERROR))
                .contains("was lost")
                .contains("retrying in 2000 ms");
        assertThat(redis.opsForZSet().score(RedisKeys.LEASES, job.value())).isNull();
        assertThat(redis.opsForZSet().score(RedisKeys.DISPATCH, job.value()))
                .isEqualTo((double) now.plusSeconds(2).toEpochMilli());
        assertThat(judgedExpired()).doesNotContain(job);
    }

    @Test
    void aSweepSoonAfterTheLastJudgesLapsedLeasesButNotLiveOnes() {
        JobId lapsed = queued(3);
        JobId live = queued(3);
        moves.claim(lapsed, 1, ME, now, RUN_OUT);
        moves.claim(live, 1, ME, now, Duration.ofSeconds(15));

        JobStateStore.ExpiredLeases found = store.expiredLeases(QUIET_LIMIT, TERM, 1000);

        assertThat(found.granted()).isZero();
        assertThat(found.expired()).contains(lapsed).doesNotContain(live);
    }

    @Test
    void aSweepAfterNobodySawRedisForLongerThanTheQuietLimitGrantsEveryLeaseAFullTermAndJudgesNone() {
        JobId lapsed = queued(3);
        JobId live = queued(3);
        moves.claim(lapsed, 1, ME, now, RUN_OUT);
        moves.claim(live, 1, ME, now, Duration.ofSeconds(60));
        // the last sweep anybody made, 20 s ago: Redis was paused or cut off from every worker since
        redis.opsForValue().set(RedisKeys.LEASE_CLOCK, String.valueOf(redisMillis() - 20_000));

        JobStateStore.ExpiredLeases found = store.expiredLeases(QUIET_LIMIT, TERM, 1000);

        assertThat(found.expired()).as("nobody could renew: nothing is judged").isEmpty();
        assertThat(found.granted()).isPositive();
        assertThat(leaseEnd(lapsed)).isCloseTo(redisMillis() + TERM.toMillis(), within(1_000L));
        assertThat(leaseEnd(live)).as("a longer lease is not shortened").isGreaterThan(redisMillis() + 50_000);
        assertThat(moves.settleLost(lapsed, now))
                .as("nor can it be settled as lost")
                .isEmpty();
        JobStateStore.ExpiredLeases next = store.expiredLeases(QUIET_LIMIT, TERM, 1000);
        assertThat(next.granted()).as("the next sweep judges again").isZero();
        assertThat(next.expired()).doesNotContain(lapsed, live);
    }

    @Test
    void aLeaseRenewedMeanwhileIsNotSettledAsLost() {
        JobId job = queued(3);
        moves.claim(job, 1, ME, now, Duration.ofSeconds(10));

        assertThat(moves.settleLost(job, now)).isEmpty();
        assertThat(store.find(job))
                .hasValueSatisfying(c -> assertThat(c.state()).isEqualTo(JobState.RUNNING));
    }

    @Test
    void anAttemptThatWasTakenForLostCannotSettleTheJobAfterwards() {
        JobId job = queued(3);
        moves.claim(job, 1, ME, now, RUN_OUT);
        moves.settleLost(job, now);
        moves.claim(job, 2, OTHER, now, Duration.ofSeconds(15));

        assertThat(moves.settle(job, 1, Outcome.exited(0), ME, now)).isEmpty();

        assertThat(redis.opsForHash().entries(RedisKeys.job(job)))
                .containsEntry(JobFields.STATE, "RUNNING")
                .containsEntry(JobFields.ATTEMPT, "2")
                .containsEntry(JobFields.WORKER, OTHER.value());
        assertThat(logEnds(job)).isEmpty();
    }

    @Test
    void aFinishedAttemptEndsTheJobClosesItsLogAndStartsItsRetention() {
        JobId job = queued(3);
        moves.claim(job, 1, ME, now, Duration.ofSeconds(15));

        assertThat(moves.settle(job, 1, Outcome.exited(4), ME, now)).contains(JobState.FAILED);

        assertThat(redis.opsForHash().entries(RedisKeys.job(job)))
                .containsEntry(JobFields.STATE, "FAILED")
                .containsEntry(JobFields.EXIT_CODE, "4")
                .containsEntry(JobFields.FINISHED_AT, String.valueOf(now.toEpochMilli()));
        assertThat(logEnds(job)).containsExactly(new JobEvent.LogEnd(job, 1, JobState.FAILED, 4));
        assertThat(redis.getExpire(RedisKeys.job(job))).isBetween(RETENTION.toSeconds() - 60, RETENTION.toSeconds());
        assertThat(redis.opsForZSet().score(RedisKeys.LEASES, job.value())).isNull();
        assertThat(indexed(job)).containsExactly(JobState.FAILED);
        assertThat(stateChanges(job))
                .extracting(JobEvent.StateChanged::to)
                .containsExactly(JobState.RUNNING, JobState.FAILED);
    }

    @Test
    void anAttemptEndingWhileACancelWasAskedForEndsCancelled() {
        JobId job = queued(3);
        moves.claim(job, 1, ME, now, Duration.ofSeconds(15));
        redis.opsForHash().put(RedisKeys.job(job), JobFields.STATE, "CANCELLING");
        redis.opsForZSet().remove(RedisKeys.jobsInState(JobState.RUNNING), job.value());
        redis.opsForZSet().add(RedisKeys.jobsInState(JobState.CANCELLING), job.value(), 0);

        assertThat(moves.settle(job, 1, Outcome.exited(0), ME, now)).contains(JobState.CANCELLED);
        assertThat(logEnds(job)).extracting(JobEvent.LogEnd::state).containsExactly(JobState.CANCELLED);
        assertThat(indexed(job)).containsExactly(JobState.CANCELLED);
    }

    @Test
    void aClaimAnswersTheRecordAsItLeftIt() {
        JobId job = queued(3);

        JobRecord claimed =
                moves.claimRunning(job, 1, ME, now, Duration.ofSeconds(15)).orElseThrow();

        JobRecord stored = store.find(job).orElseThrow();
        assertThat(claimed).usingRecursiveComparison().ignoringFields("times").isEqualTo(stored);
        assertThat(claimed.times().started()).isEqualTo(now);
        assertThat(stored.times().started()).isEqualTo(now.truncatedTo(ChronoUnit.MILLIS));
        assertThat(claimed.times().created()).isEqualTo(stored.times().created());
    }

    @Test
    void anAttemptSettlesOnItsClaimedRecordWithoutReadingTheJob() {
        JobId job = queued(1);
        JobRecord claimed =
                moves.claimRunning(job, 1, ME, now, Duration.ofSeconds(15)).orElseThrow();
        // Changed behind the worker's back, in a field the compare-and-set does not check: a decision
        // on a fresh read would count from 5, one on the claimed record counts from 0.
        redis.opsForHash().put(RedisKeys.job(job), JobFields.FAILURES, "5");

        assertThat(moves.settle(claimed, Outcome.platformFailure("engine gone"), now.plusSeconds(1)))
                .contains(JobState.FAILED);

        assertThat(redis.opsForHash().get(RedisKeys.job(job), JobFields.FAILURES))
                .isEqualTo("1");
        assertThat(meters.find("slipway.jobs.run.time").timers())
                .as("the run time is counted from the claimed start")
                .isNotEmpty()
                .allSatisfy(timer ->
                        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isCloseTo(1_000, within(1.0)));
    }

    @Test
    void anAttemptSettlingOnItsClaimedRecordAfterACancelWasAskedForReadsAgainAndEndsCancelled() {
        JobId job = queued(3);
        JobRecord claimed =
                moves.claimRunning(job, 1, ME, now, Duration.ofSeconds(15)).orElseThrow();
        redis.opsForHash().put(RedisKeys.job(job), JobFields.STATE, "CANCELLING");
        redis.opsForZSet().remove(RedisKeys.jobsInState(JobState.RUNNING), job.value());
        redis.opsForZSet().add(RedisKeys.jobsInState(JobState.CANCELLING), job.value(), 0);

        assertThat(moves.settle(claimed, Outcome.exited(0), now)).contains(JobState.CANCELLED);
        assertThat(indexed(job)).containsExactly(JobState.CANCELLED);
    }

    @Test
    void anAttemptTakenOverCannotSettleOnItsClaimedRecord() {
        JobId job = queued(3);
        JobRecord claimed = moves.claimRunning(job, 1, ME, now, RUN_OUT).orElseThrow();
        moves.settleLost(job, now);
        moves.claim(job, 2, OTHER, now, Duration.ofSeconds(15));

        assertThat(moves.settle(claimed, Outcome.exited(0), now)).isEmpty();

        assertThat(redis.opsForHash().entries(RedisKeys.job(job)))
                .containsEntry(JobFields.STATE, "RUNNING")
                .containsEntry(JobFields.ATTEMPT, "2")
                .containsEntry(JobFields.WORKER, OTHER.value());
    }

    @Test
    void theLastAllowedPlatformFailureFailsTheJobForGood() {
        JobId job = queued(1);
        moves.claim(job, 1, ME, now, Duration.ofSeconds(15));

        assertThat(moves.settle(job, 1, Outcome.platformFailure("docker went away"), ME, now))
                .contains(JobState.FAILED);
        assertThat(redis.opsForHash().get(RedisKeys.job(job), JobFields.ERROR)).isEqualTo("docker went away");
        assertThat(redis.opsForZSet().score(RedisKeys.DISPATCH, job.value())).isNull();
    }

    @Test
    void anUnprocessableMessageFailsItsQueuedJobWithTheReasonButNeverARunningOne() {
        JobId waiting = queued(3);
        JobId running = queued(3);
        moves.claim(running, 1, ME, now, Duration.ofSeconds(15));

        assertThat(moves.failQueued(waiting, "schema version 99", ME, now)).isTrue();
        assertThat(moves.failQueued(running, "schema version 99", ME, now)).isFalse();

        assertThat(redis.opsForHash().get(RedisKeys.job(waiting), JobFields.ERROR))
                .isEqualTo("schema version 99");
        assertThat(logEnds(waiting)).extracting(JobEvent.LogEnd::state).containsExactly(JobState.FAILED);
        assertThat(store.find(running))
                .hasValueSatisfying(c -> assertThat(c.state()).isEqualTo(JobState.RUNNING));
    }

    @Test
    void anUnknownJobIsNeitherClaimedNorSettled() {
        JobId job = JobId.of(UUID.randomUUID().toString());

        assertThat(store.find(job)).isEmpty();
        assertThat(moves.claim(job, 1, ME, now, Duration.ofSeconds(15))).isEmpty();
        assertThat(moves.settle(job, 1, Outcome.exited(0), ME, now)).isEmpty();
        assertThat(store.renew(job, 1, ME, Duration.ofSeconds(30))).isEqualTo(LeaseStatus.LOST);
        assertThat(redis.hasKey(RedisKeys.job(job))).isFalse();
    }

    /** Expired leases as a sweep soon after another (the one before each test) finds them. */
    private List<JobId> judgedExpired() {
        return store.expiredLeases(Duration.ofHours(1), TERM, 1000).expired();
    }

    private long leaseEnd(JobId job) {
        Double score = redis.opsForZSet().score(RedisKeys.LEASES, job.value());
        assertThat(score).as("lease of %s", job).isNotNull();
        return score.longValue();
    }

    private static long redisMillis() {
        Long time = redis.execute(connection -> connection.serverCommands().time(), true);
        return java.util.Objects.requireNonNull(time);
    }

    /**
     * The meters see each move once, with the moments of the record (kept in milliseconds, hence
     * within 1 ms): a second settle of the same
     * attempt (a retried call, a sweeper racing the worker) is fenced, so the end is counted once.
     */
    @Test
    void aJobsEndIsCountedOnceWithItsWaitAndRunTime() {
        JobId job = queued(1);
        redis.opsForHash().put(RedisKeys.job(job), JobFields.UPDATED_AT, String.valueOf(now.toEpochMilli()));
        Instant claimed = now.plusSeconds(3);
        Instant ended = claimed.plusSeconds(7);

        moves.claim(job, 1, ME, claimed, Duration.ofSeconds(15));
        assertThat(moves.settle(job, 1, Outcome.exited(0), ME, ended)).contains(JobState.SUCCEEDED);
        assertThat(moves.settle(job, 1, Outcome.exited(0), ME, ended.plusSeconds(1)))
                .isEmpty();
        assertThat(moves.settleLost(job, ended.plusSeconds(2))).isEmpty();

        assertThat(meters.get("slipway.jobs.finished")
                        .tag("state", "SUCCEEDED")
                        .tag("pool", "default")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(meters.find("slipway.jobs.finished").counters()).hasSize(1);
        Timer wait =
                meters.get("slipway.jobs.queue.wait").tag("pool", "default").timer();
        assertThat(wait.count()).isEqualTo(1);
        assertThat(wait.totalTime(TimeUnit.MILLISECONDS)).isCloseTo(3000.0, within(1.0));
        assertThat(meters.get("slipway.jobs.dispatch.latency").timer().totalTime(TimeUnit.MILLISECONDS))
                .isCloseTo(3000.0, within(1.0));
        Timer run =
                meters.get("slipway.jobs.run.time").tag("state", "SUCCEEDED").timer();
        assertThat(run.count()).isEqualTo(1);
        assertThat(run.totalTime(TimeUnit.MILLISECONDS)).isCloseTo(7000.0, within(1.0));
    }

    /** A retry's claim is a dispatch but not a new queue wait: that is the first attempt's alone. */
    @Test
    void aRetrysClaimIsADispatchButNoSecondQueueWait() {
        JobId job = queued(3);
        moves.claim(job, 1, ME, now, Duration.ofSeconds(15));
        assertThat(moves.settle(job, 1, Outcome.platformFailure("engine gone"), ME, now.plusSeconds(1)))
                .contains(JobState.QUEUED);
        moves.claim(job, 2, ME, now.plusSeconds(4), Duration.ofSeconds(15));

        assertThat(meters.get("slipway.jobs.queue.wait").timer().count()).isEqualTo(1);
        Timer dispatch = meters.get("slipway.jobs.dispatch.latency").timer();
        assertThat(dispatch.count()).isEqualTo(1); // the first claim had no updatedAt in this record
        assertThat(dispatch.totalTime(TimeUnit.MILLISECONDS)).isCloseTo(3000.0, within(1.0));
        assertThat(meters.find("slipway.jobs.finished").counters()).isEmpty();
        assertThat(meters.find("slipway.jobs.run.time").timers()).isEmpty();
    }

    /** Records a queued job as the gateway's create script does. */
    private JobId queued(int maxAttempts) {
        JobId job = JobId.of(UUID.randomUUID().toString());
        JobSpec spec = new JobSpec(
                "busybox",
                List.of("true"),
                null,
                Map.of(),
                null,
                new Resources(0.5, 64, 64),
                60,
                "default",
                Map.of(),
                maxAttempts,
                Map.of(),
                List.of(),
                null,
                0,
                null);
        redis.opsForHash()
                .putAll(
                        RedisKeys.job(job),
                        Map.of(
                                JobFields.SPEC, json.writeValueAsString(spec),
                                JobFields.STATE, "QUEUED",
                                JobFields.ATTEMPT, "0",
                                JobFields.FAILURES, "0",
                                JobFields.CREATED_AT, String.valueOf(now.toEpochMilli())));
        redis.opsForZSet().add(RedisKeys.jobsInState(JobState.QUEUED), job.value(), 0);
        return job;
    }

    private List<JobState> indexed(JobId job) {
        return java.util.Arrays.stream(JobState.values())
                .filter(state -> redis.opsForZSet().score(RedisKeys.jobsInState(state), job.value()) != null)
                .toList();
    }

    private List<JobEvent.LogEnd> logEnds(JobId job) {
        return events(RedisKeys.jobLog(job)).stream()
                .filter(JobEvent.LogEnd.class::isInstance)
                .map(JobEvent.LogEnd.class::cast)
                .toList();
    }

    private List<JobEvent.StateChanged> stateChanges(JobId job) {
        return events(RedisKeys.jobEvents(job)).stream()
                .filter(JobEvent.StateChanged.class::isInstance)
                .map(JobEvent.StateChanged.class::cast)
                .toList();
    }

    @SuppressWarnings("unchecked") // Spring Data Redis's read(StreamOffset...) is generic varargs
    private List<JobEvent> events(String stream) {
        List<MapRecord<String, Object, Object>> records = redis.opsForStream().read(StreamOffset.fromStart(stream));
        return records == null
                ? List.of()
                : records.stream()
                        .map(record -> json.readValue(
                                record.getValue().get(RedisKeys.EVENT_FIELD).toString(), JobEvent.class))
                        .toList();
    }
}
