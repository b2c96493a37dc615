package dev.slipway.worker.redis;

import dev.slipway.model.JobFields;
import dev.slipway.model.JobId;
import dev.slipway.model.PushedImage;
import dev.slipway.model.RedisKeys;
import dev.slipway.redis.LuaScripts;
import dev.slipway.worker.build.PushedImages;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The job hash's {@link JobFields#IMAGES} field, written fenced by the attempt ({@code record-images.lua}). */
@Component
record RedisPushedImages(StringRedisTemplate redis, JsonMapper json) implements PushedImages {

    private static final RedisScript<Long> RECORD = LuaScripts.load("redis/record-images.lua", Long.class);

    @Override
    public void record(JobId job, int attempt, List<PushedImage> images) {
        redis.execute(RECORD, List.of(RedisKeys.job(job)), Integer.toString(attempt), json.writeValueAsString(images));
    }
}
