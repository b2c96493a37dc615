package dev.slipway.worker.redis;

import dev.slipway.model.JobEvent;
import dev.slipway.model.JobId;
import dev.slipway.model.JobState;
import dev.slipway.model.LogLine;
import dev.slipway.model.RedisKeys;
import dev.slipway.worker.execution.LogSink;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** A job's log as a Redis stream: one entry per batch of lines, then an end marker. */
@Repository
class RedisLogSink implements LogSink {

    private final StringRedisTemplate redis;
    private final JsonMapper json;

    RedisLogSink(StringRedisTemplate redis, JsonMapper json) {
        this.redis = redis;
        this.json = json;
    }

    @Override
    public void append(JobId job, int attempt, List<LogLine> lines) {
        add(job, new JobEvent.LogChunk(job, attempt, lines));
    }

    @Override
    public void end(JobId job, int attempt, JobState state, @Nullable Integer exitCode) {
        add(job, new JobEvent.LogEnd(job, attempt, state, exitCode));
    }

    private void add(JobId job, JobEvent event) {
        redis.opsForStream().add(StreamRecords.string(Map.of(RedisKeys.EVENT_FIELD, json.writeValueAsString(event)))
                .withStreamKey(RedisKeys.jobLog(job)));
    }
}
