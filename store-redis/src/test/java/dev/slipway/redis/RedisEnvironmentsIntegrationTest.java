package dev.slipway.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.EnvironmentId;
import dev.slipway.model.EnvironmentQuota;
import dev.slipway.model.EnvironmentRecord;
import dev.slipway.model.EnvironmentState;
import dev.slipway.model.EnvironmentTemplate;
import dev.slipway.model.EnvironmentUpdate;
import dev.slipway.model.QuotaExceeded;
import dev.slipway.model.RedisKeys;
import dev.slipway.model.Resources;
import dev.slipway.model.WorkerId;
import dev.slipway.testing.TestRedis;
import dev.slipway.testing.TestTemplates;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Environment records against a real Redis, through the create and update scripts: quotas checked
 * atomically, the compare-and-set on the version, the transition table, and the indexes, usage and
 * worker sets kept in line. Uses a Redis database of its own, flushed before each test.
 */
class RedisEnvironmentsIntegrationTest {

    private static final int DATABASE = 7;
    private static final WorkerId WORKER = WorkerId.of("worker-a");
    private static final EnvironmentQuota ROOMY = new EnvironmentQuota(100, 100, 1_000_000);

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private static final TestRedis database = TestRedis.database(DATABASE);
    private static final StringRedisTemplate redis = database.template();

    private final RedisEnvironments environments =
            new RedisEnvironments(redis, JsonMapper.builder().build(), Duration.ofHours(1));
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @AfterAll
    static void disconnect() {
        database.close();
    }

    @BeforeEach
    void flush() {
        database.flush();
    }

    @Test
    void aCreatePastTheEnvironmentCountIsRefusedNamingTheLimitAndTheUsage() {
        EnvironmentQuota two = new EnvironmentQuota(2, 100, 1_000_000);
        assertThat(environments.create(pending("alice", 1), two)).isEmpty();
        assertThat(environments.create(pending("alice", 1), two)).isEmpty();

        Optional<QuotaExceeded> third = environments.create(pending("alice", 1), two);

        assertThat(third).contains(new QuotaExceeded("maxEnvironments", 2, 2));
        assertThat(environments.create(pending("bob", 1), two))
                .as("quotas are per user")
                .isEmpty();
    }

    @Test
    void aCreatePastTheCpuQuotaIsRefusedInCores() {
        EnvironmentQuota threeCores = new EnvironmentQuota(10, 3, 1_000_000);
        assertThat(environments.create(pending("alice", 2), threeCores)).isEmpty();

        assertThat(environments.create(pending("alice", 1.5), threeCores))
                .contains(new QuotaExceeded("maxEnvironmentCpus", 3, 2));
    }

    @Test
    void concurrentCreatesNeverPassTheLastFreeUnitTogether() throws Exception {
        EnvironmentQuota three = new EnvironmentQuota(3, 100, 1_000_000);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Optional<QuotaExceeded>>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(12)) {
            for (int i = 0; i < 12; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return environments.create(pending("alice", 1), three);
                }));
            }
            go.countDown();
            int created = 0;
            for (Future<Optional<QuotaExceeded>> answer : answers) {
                created += answer.get().isEmpty() ? 1 : 0;
            }
            assertThat(created).isEqualTo(3);
        }
        assertThat(environments.list("alice", null, null, 50)).hasSize(3);
    }

    @Test
    void stoppingReleasesItsCpusAndStartingChecksTheQuotaAgain() {
        EnvironmentQuota twoCores = new EnvironmentQuota(10, 2, 1_000_000);
        EnvironmentRecord first = pending("alice", 2);
        environments.create(first, twoCores);
        running(first);
        move(first.id(), EnvironmentState.STOPPING);
        move(first.id(), EnvironmentState.STOPPED);
        EnvironmentRecord second = pending("alice", 2);
        assertThat(environments.create(second, twoCores))
                .as("a stopped environment holds no CPUs")
                .isEmpty();

        EnvironmentUpdate start = environments.update(
                first.id(), current -> Optional.of(current.withState(EnvironmentState.STARTING, now)), twoCores);

        assertThat(start).isEqualTo(new EnvironmentUpdate.OverQuota(new QuotaExceeded("maxEnvironmentCpus", 2, 2)));
        assertThat(environments.find(first.id()).orElseThrow().state()).isEqualTo(EnvironmentState.STOPPED);
    }

    @Test
    void aChangeDecidedOnARecordThatChangedMeanwhileIsDecidedAgainOnTheNewOne() {
        EnvironmentRecord environment = pending("alice", 1);
        environments.create(environment, ROOMY);
        AtomicInteger decisions = new AtomicInteger();

        EnvironmentUpdate update = environments.update(
                environment.id(),
                current -> {
                    if (decisions.incrementAndGet() == 1) { // someone else extends its lifetime meanwhile
                        environments.update(
                                environment.id(),
                                other -> Optional.of(other.expiringAt(now.plus(Duration.ofHours(5)))),
                                null);
                    }
                    return Optional.of(current.placedOn(WORKER, now));
                },
                null);

        assertThat(decisions).hasValue(2);
        EnvironmentRecord stored = environments.find(environment.id()).orElseThrow();
        assertThat(update).isEqualTo(new EnvironmentUpdate.Applied(stored));
        assertThat(stored.state()).isEqualTo(EnvironmentState.CREATING);
        assertThat(stored.expiresAt()).as("the other change was kept").isEqualTo(now.plus(Duration.ofHours(5)));
    }

    @Test
    void aMoveTheTransitionTableForbidsIsRefused() {
        EnvironmentRecord environment = pending("alice", 1);
        environments.create(environment, ROOMY);

        assertThatThrownBy(() -> move(environment.id(), EnvironmentState.STOPPED))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PENDING to STOPPED");
    }

    @Test
    void anEnvironmentThatIsOverReleasesEverythingAndNeverChangesAgain() {
        EnvironmentRecord environment = pending("alice", 1);
        environments.create(environment, ROOMY);
        running(environment);
        assertThat(environments.hostedBy(WORKER))
                .extracting(EnvironmentRecord::id)
                .containsExactly(environment.id());

        move(environment.id(), EnvironmentState.REMOVED);

        assertThat(environments.hostedBy(WORKER)).isEmpty();
        assertThat(redis.<String, String>opsForHash().entries(RedisKeys.environmentUsage("alice")))
                .containsEntry("count", "0")
                .containsEntry("millicpus", "0")
                .containsEntry("memoryMb", "0");
        assertThat(environments.expiredBy(now.plus(Duration.ofDays(365)), 10)).isEmpty();
        EnvironmentUpdate later = environments.update(
                environment.id(), current -> Optional.of(current.withState(EnvironmentState.RUNNING, now)), null);
        assertThat(later).isInstanceOf(EnvironmentUpdate.Declined.class);
        assertThat(redis.opsForStream().size(RedisKeys.environmentEvents(environment.id())))
                .as("PENDING, CREATING, RUNNING, REMOVED")
                .isEqualTo(4);
    }

    @Test
    void listingsAreNewestFirstPagedAndFilteredByOwnerAndState() {
        List<EnvironmentId> alices = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            EnvironmentRecord environment = pending("alice", 0.1);
            environments.create(environment, ROOMY);
            alices.add(environment.id());
        }
        environments.create(pending("bob", 0.1), ROOMY);
        running(environments.find(alices.get(1)).orElseThrow());

        List<EnvironmentRecord> firstPage = environments.list("alice", null, null, 3);
        List<EnvironmentRecord> secondPage =
                environments.list("alice", null, firstPage.getLast().id(), 3);

        assertThat(firstPage)
                .extracting(EnvironmentRecord::id)
                .containsExactly(alices.get(4), alices.get(3), alices.get(2));
        assertThat(secondPage).extracting(EnvironmentRecord::id).containsExactly(alices.get(1), alices.get(0));
        assertThat(environments.list(null, EnvironmentState.RUNNING, null, 10))
                .extracting(EnvironmentRecord::id)
                .containsExactly(alices.get(1));
        assertThat(environments.list(null, null, null, 10)).hasSize(6);
    }

    @Test
    void expiredEnvironmentsAreFoundByTheirExpiry() {
        EnvironmentRecord soon = pending("alice", 0.1).expiringAt(now.plusSeconds(10));
        EnvironmentRecord later = pending("alice", 0.1);
        environments.create(soon, ROOMY);
        environments.create(later, ROOMY);

        assertThat(environments.expiredBy(now.plusSeconds(11), 10)).containsExactly(soon.id());
    }

    private void running(EnvironmentRecord environment) {
        environments.update(environment.id(), current -> Optional.of(current.placedOn(WORKER, now)), null);
        move(environment.id(), EnvironmentState.RUNNING);
    }

    private void move(EnvironmentId id, EnvironmentState to) {
        EnvironmentUpdate update = environments.update(id, current -> Optional.of(current.withState(to, now)), null);
        assertThat(update).isInstanceOf(EnvironmentUpdate.Applied.class);
    }

    private EnvironmentRecord pending(String owner, double cpus) {
        EnvironmentTemplate template = TestTemplates.busybox(new Resources(cpus, 256, 128), null);
        // Time-ordered like the gateway's UUIDv7 ids: later environments sort after earlier ones.
        EnvironmentId id = EnvironmentId.of(
                String.format("%08x-0000-7000-8000-%012x", now.getEpochSecond(), SEQUENCE.incrementAndGet()));
        return new EnvironmentRecord(
                id,
                "box",
                owner,
                template,
                EnvironmentState.PENDING,
                null,
                null,
                now,
                now,
                now.plus(template.ttl()),
                now,
                null,
                false,
                null);
    }
}
