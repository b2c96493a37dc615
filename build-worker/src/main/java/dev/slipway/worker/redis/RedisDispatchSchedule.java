package dev.slipway.worker.redis;

import dev.slipway.model.JobId;
import dev.slipway.model.JobState;
import dev.slipway.model.RedisKeys;
import dev.slipway.redis.LuaScripts;
import dev.slipway.worker.recovery.DispatchSchedule;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/** {@link DispatchSchedule} as the sorted set {@link RedisKeys#DISPATCH}, scored by when to publish. */
@Component
record RedisDispatchSchedule(StringRedisTemplate redis) implements DispatchSchedule {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> TAKE = LuaScripts.load("redis/take-dispatch.lua", List.class);

    private static final RedisScript<Long> RELEASE = LuaScripts.load("redis/release-dispatch.lua", Long.class);

    @Override
    public List<JobId> due(Instant now, int limit) {
        Set<String> ids = redis.opsForZSet()
                .rangeByScore(RedisKeys.DISPATCH, Double.NEGATIVE_INFINITY, (double) now.toEpochMilli(), 0, limit);
        return ids == null ? List.of() : ids.stream().map(JobId::of).toList();
    }

    @Override
    public Optional<Pending> take(JobId job, Instant now, Instant holdUntil) {
        List<?> answer = redis.execute(
                TAKE,
                List.of(RedisKeys.DISPATCH, RedisKeys.job(job)),
                job.value(),
                String.valueOf(now.toEpochMilli()),
                String.valueOf(holdUntil.toEpochMilli()));
        if (answer == null || answer.size() < 3 || answer.get(0) == null || answer.get(2) == null) {
            return Optional.empty();
        }
        return Optional.of(new Pending(
                JobState.valueOf(answer.get(0).toString()),
                Integer.parseInt(String.valueOf(answer.get(1))),
                answer.get(2).toString()));
    }

    @Override
    public void release(JobId job, Instant heldUntil) {
        redis.execute(RELEASE, List.of(RedisKeys.DISPATCH), job.value(), String.valueOf(heldUntil.toEpochMilli()));
    }
}
