package dev.slipway.worker.recovery;

import dev.slipway.model.JobFields;
import dev.slipway.model.JobId;
import dev.slipway.model.JobSpec;
import dev.slipway.model.JobState;
import dev.slipway.model.RedisKeys;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/** A QUEUED job's record as the gateway and a requeue leave it, for the recovery sweeps' tests. */
record QueuedJobRecords(StringRedisTemplate redis, JsonMapper json) {

    /** Records a job QUEUED after {@code attempt} attempts (each a platform failure), just now. */
    JobId record(JobSpec spec, int attempt) {
        return record(spec, attempt, Instant.now());
    }

    /** Records a job QUEUED after {@code attempt} attempts, since {@code queuedSince}. */
    JobId record(JobSpec spec, int attempt, Instant queuedSince) {
        return record(JobId.of(UUID.randomUUID().toString()), spec, attempt, queuedSince);
    }

    /** Records the job {@code job} QUEUED after {@code attempt} attempts, since {@code queuedSince}. */
    JobId record(JobId job, JobSpec spec, int attempt, Instant queuedSince) {
        long now = queuedSince.toEpochMilli();
        redis.opsForHash()
                .putAll(
                        RedisKeys.job(job),
                        Map.of(
                                JobFields.SPEC, json.writeValueAsString(spec),
                                JobFields.STATE, "QUEUED",
                                JobFields.ATTEMPT, String.valueOf(attempt),
                                JobFields.FAILURES, String.valueOf(attempt),
                                JobFields.OWNER, "admin",
                                JobFields.CREATED_AT, String.valueOf(now),
                                JobFields.UPDATED_AT, String.valueOf(now)));
        redis.opsForZSet().add(RedisKeys.jobsInState(JobState.QUEUED), job.value(), 0);
        return job;
    }
}
