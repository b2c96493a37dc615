package dev.slipway.worker.redis;

import dev.slipway.model.JobFields;
import dev.slipway.model.JobId;
import dev.slipway.model.JobSpec;
import dev.slipway.model.RedisKeys;
import dev.slipway.worker.recovery.QueueDeadlines;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** {@link QueueDeadlines} as the sorted set {@link RedisKeys#QUEUE_DEADLINES}, which the gateway fills. */
@Component
record RedisQueueDeadlines(StringRedisTemplate redis, JsonMapper json) implements QueueDeadlines {

    @Override
    public List<Overdue> due(Instant now, int limit) {
        Set<String> ids = redis.opsForZSet()
                .rangeByScore(
                        RedisKeys.QUEUE_DEADLINES, Double.NEGATIVE_INFINITY, (double) now.toEpochMilli(), 0, limit);
        List<Overdue> due = new ArrayList<>();
        for (String id : ids == null ? Set.<String>of() : ids) {
            JobId job = JobId.of(id);
            Object spec = redis.opsForHash().get(RedisKeys.job(job), JobFields.SPEC);
            due.add(overdue(job, spec == null ? null : spec.toString()));
        }
        return due;
    }

    private Overdue overdue(JobId job, @org.jspecify.annotations.Nullable String specJson) {
        if (specJson == null) {
            return new Overdue(job, null, 0);
        }
        try {
            JobSpec spec = json.readValue(specJson, JobSpec.class);
            return new Overdue(job, spec.pool(), spec.queueTimeoutSeconds());
        } catch (JacksonException e) {
            return new Overdue(job, null, 0);
        }
    }

    @Override
    public void forget(JobId job) {
        redis.opsForZSet().remove(RedisKeys.QUEUE_DEADLINES, job.value());
    }
}
