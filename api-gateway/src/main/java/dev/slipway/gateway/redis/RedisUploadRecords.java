package dev.slipway.gateway.redis;

import dev.slipway.gateway.upload.Upload;
import dev.slipway.gateway.upload.UploadRecords;
import dev.slipway.model.RedisKeys;
import dev.slipway.redis.LuaScripts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Uploads as the hash {@link RedisKeys#upload} and the expiry index {@link RedisKeys#UPLOAD_EXPIRY}
 * that the workers' sweeper reads. The hash lapses by itself a while after its expiry, so a record
 * outlives its bytes only until then even when no sweeper runs.
 */
@Component
record RedisUploadRecords(StringRedisTemplate redis, Clock clock) implements UploadRecords {

    private static final RedisScript<Long> RECORD = LuaScripts.load("redis/record-upload.lua", Long.class);
    private static final RedisScript<Long> KEEP = LuaScripts.load("redis/keep-upload.lua", Long.class);

    /** The sweeper deletes the bytes when an upload is due; the hash is kept a little longer for it. */
    private static final Duration HASH_GRACE = Duration.ofHours(1);

    @Override
    public void record(Upload upload) {
        redis.execute(
                RECORD,
                List.of(RedisKeys.upload(upload.id()), RedisKeys.UPLOAD_EXPIRY),
                upload.id(),
                upload.owner(),
                Long.toString(upload.size()),
                upload.sha256(),
                Long.toString(upload.createdAt().toEpochMilli()),
                Long.toString(upload.expiresAt().toEpochMilli()),
                Long.toString(HASH_GRACE.toMillis()));
    }

    @Override
    public Optional<Upload> find(String id) {
        Map<String, String> fields = redis.<String, String>opsForHash().entries(RedisKeys.upload(id));
        if (fields.isEmpty() || !fields.containsKey("owner")) {
            return Optional.empty();
        }
        return Optional.of(new Upload(
                id,
                fields.get("owner"),
                Long.parseLong(fields.getOrDefault("size", "0")),
                fields.getOrDefault("sha256", ""),
                Instant.ofEpochMilli(Long.parseLong(fields.getOrDefault("createdAt", "0"))),
                Instant.ofEpochMilli(Long.parseLong(fields.getOrDefault("expiresAt", "0")))));
    }

    @Override
    public boolean keepUntil(String id, Instant until) {
        Long kept = redis.execute(
                KEEP,
                List.of(RedisKeys.upload(id), RedisKeys.UPLOAD_EXPIRY),
                Long.toString(until.toEpochMilli()),
                id,
                Long.toString(HASH_GRACE.toMillis()),
                Long.toString(clock.instant().toEpochMilli()));
        return kept != null && kept == 1L;
    }
}
