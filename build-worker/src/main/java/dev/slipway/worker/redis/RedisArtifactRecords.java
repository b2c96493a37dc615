package dev.slipway.worker.redis;

import dev.slipway.model.ArtifactFile;
import dev.slipway.model.JobId;
import dev.slipway.model.RedisKeys;
import dev.slipway.redis.LuaScripts;
import dev.slipway.worker.artifacts.ArtifactRecords;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job's artifacts as the hash {@link RedisKeys#jobArtifacts} (path to JSON of {@link ArtifactFile},
 * beside {@code @attempt} and {@code @expiresAt}), written in one step fenced by the job's current
 * attempt ({@code record-artifacts.lua}), and the index {@link RedisKeys#ARTIFACT_EXPIRY} of every
 * stored attempt ({@code <job>:<attempt>}), from which one sweeper at a time claims each.
 */
@Component
record RedisArtifactRecords(StringRedisTemplate redis, JsonMapper json, Clock clock) implements ArtifactRecords {

    private static final RedisScript<Long> RECORD = LuaScripts.load("redis/record-artifacts.lua", Long.class);
    private static final RedisScript<Long> CLAIM = LuaScripts.load("redis/claim-artifact-expiry.lua", Long.class);
    /** The listing outlives its files a little, so that a sweep that fell behind still finds them. */
    private static final Duration LISTING_GRACE = Duration.ofDays(1);

    @Override
    public void willStore(JobId job, int attempt, Instant expiresAt) {
        redis.opsForZSet().add(RedisKeys.ARTIFACT_EXPIRY, member(job, attempt), (double) expiresAt.toEpochMilli());
    }

    @Override
    public boolean record(JobId job, int attempt, List<ArtifactFile> files, Instant expiresAt) {
        List<String> args = new ArrayList<>();
        args.add(String.valueOf(attempt));
        args.add(String.valueOf(expiresAt.toEpochMilli()));
        long lifetime =
                Duration.between(clock.instant(), expiresAt.plus(LISTING_GRACE)).toMillis();
        args.add(String.valueOf(Math.max(lifetime, 1)));
        for (ArtifactFile file : files) {
            args.add(file.path());
            args.add(json.writeValueAsString(file));
        }
        Long applied = redis.execute(
                RECORD, List.of(RedisKeys.job(job), RedisKeys.jobArtifacts(job)), args.toArray(Object[]::new));
        return applied != null && applied == 1;
    }

    @Override
    public List<StoredAttempt> expiredBy(Instant now, int limit) {
        Set<String> due = redis.opsForZSet()
                .rangeByScore(
                        RedisKeys.ARTIFACT_EXPIRY, Double.NEGATIVE_INFINITY, (double) now.toEpochMilli(), 0, limit);
        if (due == null) {
            return List.of();
        }
        return due.stream()
                .map(RedisArtifactRecords::parse)
                .filter(Objects::nonNull)
                .toList();
    }

    @Override
    public boolean claimExpired(StoredAttempt attempt, Instant now) {
        Long claimed = redis.execute(
                CLAIM,
                List.of(RedisKeys.ARTIFACT_EXPIRY),
                member(attempt.job(), attempt.attempt()),
                String.valueOf(now.toEpochMilli()));
        return claimed != null && claimed == 1;
    }

    @Override
    public void retryLater(StoredAttempt attempt, Duration delay) {
        willStore(attempt.job(), attempt.attempt(), clock.instant().plus(delay));
    }

    @Override
    public void forgetIfListing(StoredAttempt attempt) {
        String key = RedisKeys.jobArtifacts(attempt.job());
        Object listed = redis.opsForHash().get(key, "@attempt");
        if (String.valueOf(attempt.attempt()).equals(listed)) {
            redis.delete(key);
        }
    }

    private static String member(JobId job, int attempt) {
        return job.value() + ":" + attempt;
    }

    private static @org.jspecify.annotations.Nullable StoredAttempt parse(String member) {
        int colon = member.lastIndexOf(':');
        if (colon < 0 || !JobId.isWellFormed(member.substring(0, colon))) {
            return null;
        }
        try {
            return new StoredAttempt(
                    JobId.of(member.substring(0, colon)), Integer.parseInt(member.substring(colon + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
