package dev.slipway.worker.redis;

import dev.slipway.model.RedisKeys;
import dev.slipway.redis.LuaScripts;
import dev.slipway.worker.source.UploadExpiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/** {@link UploadExpiry} over the gateway's {@link RedisKeys#UPLOAD_EXPIRY} index and upload hashes. */
@Component
record RedisUploadExpiry(StringRedisTemplate redis, Clock clock) implements UploadExpiry {

    /** The artifacts' claim: take a member off an expiry index while it is still due. */
    private static final RedisScript<Long> CLAIM = LuaScripts.load("redis/claim-artifact-expiry.lua", Long.class);

    @Override
    public List<String> dueBy(Instant now, int limit) {
        Set<String> due = redis.opsForZSet()
                .rangeByScore(RedisKeys.UPLOAD_EXPIRY, Double.NEGATIVE_INFINITY, (double) now.toEpochMilli(), 0, limit);
        return due == null ? List.of() : List.copyOf(due);
    }

    @Override
    public boolean claim(String uploadId, Instant now) {
        Long claimed =
                redis.execute(CLAIM, List.of(RedisKeys.UPLOAD_EXPIRY), uploadId, String.valueOf(now.toEpochMilli()));
        return claimed != null && claimed == 1;
    }

    @Override
    public void forget(String uploadId) {
        redis.delete(RedisKeys.upload(uploadId));
    }

    @Override
    public void retryLater(String uploadId, Duration delay) {
        redis.opsForZSet().add(RedisKeys.UPLOAD_EXPIRY, uploadId, (double)
                clock.instant().plus(delay).toEpochMilli());
    }
}
