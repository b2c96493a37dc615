package dev.slipway.worker.redis;

import dev.slipway.model.JobId;
import dev.slipway.model.JobRecord;
import dev.slipway.model.JobTransition;
import dev.slipway.model.JobUpdate;
import dev.slipway.model.RedisKeys;
import dev.slipway.model.WorkerId;
import dev.slipway.redis.LuaScripts;
import dev.slipway.redis.RedisJobTransitions;
import dev.slipway.worker.execution.JobStateStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Job records over the layout in {@link RedisKeys}: moves through the shared transition mechanism,
 * lease renewals through their own script, expired leases from the lease set.
 */
@Component
public record RedisJobStateStore(StringRedisTemplate redis, RedisJobTransitions transitions) implements JobStateStore {

    private static final RedisScript<String> RENEW_LEASE = LuaScripts.load("redis/renew-lease.lua", String.class);

    @Override
    public Optional<JobRecord> find(JobId job) {
        return transitions.read(job);
    }

    @Override
    public JobUpdate update(JobId job, Function<JobRecord, Optional<JobTransition>> decide) {
        return transitions.update(job, decide);
    }

    @Override
    public LeaseStatus renew(JobId job, int attempt, WorkerId worker, Instant leaseUntil) {
        String answer = redis.execute(
                RENEW_LEASE,
                List.of(RedisKeys.job(job), RedisKeys.LEASES),
                job.value(),
                String.valueOf(attempt),
                worker.value(),
                String.valueOf(leaseUntil.toEpochMilli()));
        return switch (Objects.requireNonNullElse(answer, "LOST")) {
            case "RUNNING" -> LeaseStatus.HELD;
            case "CANCELLING" -> LeaseStatus.CANCEL_REQUESTED;
            default -> LeaseStatus.LOST;
        };
    }

    @Override
    public List<JobId> expiredLeases(Instant now, int limit) {
        Set<String> ids = redis.opsForZSet()
                .rangeByScore(RedisKeys.LEASES, Double.NEGATIVE_INFINITY, (double) now.toEpochMilli() - 1, 0, limit);
        return ids == null ? List.of() : ids.stream().map(JobId::of).toList();
    }

    @Override
    public Map<String, String> secrets(JobId job) {
        return redis.<String, String>opsForHash().entries(RedisKeys.jobSecrets(job));
    }

    @Override
    public void dropLease(JobId job) {
        redis.opsForZSet().remove(RedisKeys.LEASES, job.value());
    }
}
