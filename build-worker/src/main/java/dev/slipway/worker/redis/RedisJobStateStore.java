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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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

    @SuppressWarnings("rawtypes") // the script answers a mixed list: a word, then numbers or ids
    private static final RedisScript<List> SWEEP_LEASES = LuaScripts.load("redis/sweep-leases.lua", List.class);

    @Override
    public Optional<JobRecord> find(JobId job) {
        return transitions.read(job);
    }

    @Override
    public JobUpdate update(JobId job, Function<JobRecord, Optional<JobTransition>> decide) {
        return transitions.update(job, decide);
    }

    @Override
    public JobUpdate update(JobRecord known, Function<JobRecord, Optional<JobTransition>> decide) {
        return transitions.update(known.id(), known, decide);
    }

    @Override
    public LeaseStatus renew(JobId job, int attempt, WorkerId worker, Duration term) {
        String answer = redis.execute(
                RENEW_LEASE,
                List.of(RedisKeys.job(job), RedisKeys.LEASES),
                job.value(),
                String.valueOf(attempt),
                worker.value(),
                String.valueOf(term.toMillis()));
        return switch (Objects.requireNonNullElse(answer, "LOST")) {
            case "RUNNING" -> LeaseStatus.HELD;
            case "CANCELLING" -> LeaseStatus.CANCEL_REQUESTED;
            default -> LeaseStatus.LOST;
        };
    }

    @Override
    public ExpiredLeases expiredLeases(Duration quietLimit, Duration term, int limit) {
        List<?> answer = redis.execute(
                SWEEP_LEASES,
                List.of(RedisKeys.LEASES, RedisKeys.LEASE_CLOCK),
                String.valueOf(quietLimit.toMillis()),
                String.valueOf(term.toMillis()),
                String.valueOf(limit));
        if (answer == null || answer.isEmpty()) {
            return new ExpiredLeases(0, List.of());
        }
        if ("granted".equals(String.valueOf(answer.getFirst()))) {
            return new ExpiredLeases(Integer.parseInt(String.valueOf(answer.get(1))), List.of());
        }
        return new ExpiredLeases(
                0,
                answer.subList(1, answer.size()).stream()
                        .map(id -> JobId.of(String.valueOf(id)))
                        .toList());
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
