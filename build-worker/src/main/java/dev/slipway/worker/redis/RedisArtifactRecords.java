package dev.slipway.worker.redis;

import dev.slipway.model.ArtifactFile;
import dev.slipway.model.JobId;
import dev.slipway.model.RedisKeys;
import dev.slipway.worker.artifacts.ArtifactRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job's artifacts as the hash {@link RedisKeys#jobArtifacts} (path to JSON of {@link ArtifactFile}),
 * expiring a day after the files, and the index {@link RedisKeys#ARTIFACT_EXPIRY} the sweepers read.
 */
@Component
record RedisArtifactRecords(StringRedisTemplate redis, JsonMapper json) implements ArtifactRecords {

    /** The listing outlives its files a little, so that a sweep that fell behind still finds them. */
    private static final Duration LISTING_GRACE = Duration.ofDays(1);

    @Override
    public void record(JobId job, List<ArtifactFile> files, Instant expiresAt) {
        String key = RedisKeys.jobArtifacts(job);
        Map<String, String> entries = new LinkedHashMap<>();
        for (ArtifactFile file : files) {
            entries.put(file.path(), json.writeValueAsString(file));
        }
        redis.delete(key);
        if (!entries.isEmpty()) {
            redis.opsForHash().putAll(key, entries);
            redis.expireAt(key, expiresAt.plus(LISTING_GRACE));
        }
        redis.opsForZSet().add(RedisKeys.ARTIFACT_EXPIRY, job.value(), (double) expiresAt.toEpochMilli());
    }

    @Override
    public void forget(JobId job) {
        redis.delete(RedisKeys.jobArtifacts(job));
    }

    @Override
    public List<JobId> expiredBy(Instant now, int limit) {
        Set<String> due = redis.opsForZSet()
                .rangeByScore(
                        RedisKeys.ARTIFACT_EXPIRY, Double.NEGATIVE_INFINITY, (double) now.toEpochMilli(), 0, limit);
        return due == null ? List.of() : due.stream().map(JobId::of).toList();
    }

    @Override
    public boolean claimExpired(JobId job) {
        Long removed = redis.opsForZSet().remove(RedisKeys.ARTIFACT_EXPIRY, job.value());
        return removed != null && removed > 0;
    }
}
