package dev.slipway.worker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.ArtifactFile;
import dev.slipway.model.JobFields;
import dev.slipway.model.JobId;
import dev.slipway.model.RedisKeys;
import dev.slipway.testing.TestRedis;
import dev.slipway.worker.artifacts.ArtifactRecords.StoredAttempt;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The artifact listing and its expiry index on a real Redis (database 11). */
class RedisArtifactRecordsIntegrationTest {

    private TestRedis redis;
    private RedisArtifactRecords records;
    private final JobId job =
            JobId.of("019ae0c4-7a3b-7c2d-8e4f-" + UUID.randomUUID().toString().substring(24));

    @BeforeEach
    void connect() {
        redis = TestRedis.database(11);
        redis.flush();
        records =
                new RedisArtifactRecords(redis.template(), JsonMapper.builder().build(), Clock.systemUTC());
    }

    @AfterEach
    void disconnect() {
        redis.close();
    }

    @Test
    void onlyTheAttemptThatHoldsTheJobLists() {
        redis.template().opsForHash().put(RedisKeys.job(job), JobFields.ATTEMPT, "2");
        Instant later = Instant.now().plusSeconds(3600);

        assertThat(records.record(job, 1, List.of(new ArtifactFile("old", 1, "aa")), later))
                .isFalse();
        assertThat(records.record(job, 2, List.of(new ArtifactFile("out/a", 3, "bb")), later))
                .isTrue();

        Map<Object, Object> listing = redis.template().opsForHash().entries(RedisKeys.jobArtifacts(job));
        assertThat(listing).containsEntry("@attempt", "2").containsKey("out/a").doesNotContainKey("old");
        assertThat(redis.template().getExpire(RedisKeys.jobArtifacts(job))).isPositive();
    }

    @Test
    void anExpiredAttemptIsClaimedOnceAndOneStoredAgainIsNot() {
        Instant past = Instant.now().minusSeconds(5);
        records.willStore(job, 1, past);
        records.willStore(job, 2, Instant.now().plusSeconds(3600));
        Instant now = Instant.now();

        assertThat(records.expiredBy(now, 10)).containsExactly(new StoredAttempt(job, 1));
        assertThat(records.claimExpired(new StoredAttempt(job, 1), now)).isTrue();
        assertThat(records.claimExpired(new StoredAttempt(job, 1), now))
                .as("a second sweeper")
                .isFalse();
        assertThat(records.claimExpired(new StoredAttempt(job, 2), now))
                .as("not due")
                .isFalse();
    }

    @Test
    void theListingGoesOnlyWithTheAttemptItIsOf() {
        redis.template().opsForHash().put(RedisKeys.job(job), JobFields.ATTEMPT, "2");
        records.record(
                job, 2, List.of(new ArtifactFile("a", 1, "cc")), Instant.now().plusSeconds(60));

        records.forgetIfListing(new StoredAttempt(job, 1));
        assertThat(redis.template().hasKey(RedisKeys.jobArtifacts(job))).isTrue();
        records.forgetIfListing(new StoredAttempt(job, 2));
        assertThat(redis.template().hasKey(RedisKeys.jobArtifacts(job))).isFalse();
    }
}
