package dev.slipway.worker.redis;

import dev.slipway.model.JobId;
import dev.slipway.model.LogChunkText;
import dev.slipway.model.RedisKeys;
import dev.slipway.redis.LuaScripts;
import dev.slipway.worker.execution.JobLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
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
class RedisJobLog implements JobLog {

    private static final Logger log = LoggerFactory.getLogger(RedisJobLog.class);
    private static final RedisScript<Long> APPEND = LuaScripts.load("redis/append-log.lua", Long.class);

    private static final RedisSerializer<Long> COUNT = new GenericToStringSerializer<>(Long.class);

    private final StringRedisTemplate redis;
    private final Counter lines;
    private final Counter bytes;

    RedisJobLog(StringRedisTemplate redis, MeterRegistry meters) {
        this.redis = redis;
        this.lines = Counter.builder("slipway.log.lines")
                .description("Log lines of jobs written to their logs (after the cap; fenced attempts' not)")
                .register(meters);
        this.bytes = Counter.builder("slipway.log.bytes")
                .description("Bytes of those lines, as stored: text plus a stream tag and a line end each")
                .baseUnit(BaseUnits.BYTES)
                .register(meters);
    }

    @Override
    public void append(JobId job, int attempt, byte[] chunk) {
        Long added = redis.execute(
                APPEND,
                RedisSerializer.byteArray(),
                COUNT,
                List.of(RedisKeys.job(job), RedisKeys.jobLog(job)),
                String.valueOf(attempt).getBytes(StandardCharsets.US_ASCII),
                chunk);
        if (added != null && added != 0) {
            counted(chunk);
        } else {
            log.debug(
                    "Dropped {} bytes of log of job {} attempt {}: the attempt is no longer current",
                    chunk.length,
                    job,
                    attempt);
        }
    }

    /** Counts the lines of a chunk after its header line ({@link LogChunkText}: one line feed per line). */
    private void counted(byte[] chunk) {
        int header = -1;
        int lineFeeds = 0;
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] == '\n') {
                if (header < 0) {
                    header = i + 1;
                } else {
                    lineFeeds++;
                }
            }
        }
        lines.increment(lineFeeds);
        bytes.increment((double) (chunk.length - Math.max(header, 0)));
    }
}
