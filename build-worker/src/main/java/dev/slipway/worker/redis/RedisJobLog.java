package dev.slipway.worker.redis;

import dev.slipway.model.JobId;
import dev.slipway.model.LogChunkText;
import dev.slipway.model.RedisKeys;
import dev.slipway.redis.LuaScripts;
import dev.slipway.worker.execution.JobLog;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.GenericToStringSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.stereotype.Component;

/**
 * A job's log as a Redis stream: one entry per chunk of lines (in {@link LogChunkText}'s form), fenced
 * by the attempt. The chunk goes to Redis as the bytes the collector built, with no text in between.
 * The end marker is written with the job's terminal state (see {@link dev.slipway.model.JobTransition}).
 */
@Component
record RedisJobLog(StringRedisTemplate redis) implements JobLog {

    private static final Logger log = LoggerFactory.getLogger(RedisJobLog.class);
    private static final RedisScript<Long> APPEND = LuaScripts.load("redis/append-log.lua", Long.class);

    private static final RedisSerializer<Long> COUNT = new GenericToStringSerializer<>(Long.class);

    @Override
    public void append(JobId job, int attempt, byte[] chunk) {
        Long added = redis.execute(
                APPEND,
                RedisSerializer.byteArray(),
                COUNT,
                List.of(RedisKeys.job(job), RedisKeys.jobLog(job)),
                String.valueOf(attempt).getBytes(StandardCharsets.US_ASCII),
                chunk);
        if (added == null || added == 0) {
            log.debug(
                    "Dropped {} bytes of log of job {} attempt {}: the attempt is no longer current",
                    chunk.length,
                    job,
                    attempt);
        }
    }
}
