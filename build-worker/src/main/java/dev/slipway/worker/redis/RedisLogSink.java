package dev.slipway.worker.redis;

import dev.slipway.model.JobId;
import dev.slipway.model.LogChunkText;
import dev.slipway.model.LogLine;
import dev.slipway.model.RedisKeys;
import dev.slipway.worker.execution.LogSink;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Repository;

/**
 * A job's log as a Redis stream: one entry per batch of lines (in {@link LogChunkText}'s form), fenced
 * by the attempt. The end marker
 * is written with the job's terminal state (see {@link dev.slipway.model.JobTransition}).
 */
@Repository
class RedisLogSink implements LogSink {

    private static final Logger log = LoggerFactory.getLogger(RedisLogSink.class);
    private static final RedisScript<Long> APPEND = LuaScripts.load("redis/append-log.lua", Long.class);

    private final StringRedisTemplate redis;

    RedisLogSink(StringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public void append(JobId job, int attempt, List<LogLine> lines) {
        Long added = redis.execute(APPEND, List.of(RedisKeys.job(job), RedisKeys.jobLog(job)),
                String.valueOf(attempt), LogChunkText.encode(attempt, lines));
        if (added == null || added == 0) {
            log.debug("Dropped {} lines of job {} attempt {}: the attempt is no longer current", lines.size(), job, attempt);
        }
    }
}
