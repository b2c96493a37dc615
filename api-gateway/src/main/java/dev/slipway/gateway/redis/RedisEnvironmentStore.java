package dev.slipway.gateway.redis;

import dev.slipway.gateway.environment.EnvironmentStore;
import dev.slipway.model.EnvironmentId;
import dev.slipway.model.EnvironmentQuota;
import dev.slipway.model.EnvironmentRecord;
import dev.slipway.model.EnvironmentState;
import dev.slipway.model.EnvironmentUpdate;
import dev.slipway.model.QuotaExceeded;
import dev.slipway.model.RedisKeys;
import dev.slipway.redis.RedisEnvironments;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Environments through the mechanism gateway and workers share ({@link RedisEnvironments}), and
 * the two exchanges with the hosting worker that go through Redis: exec answers, on a list the
 * gateway waits on (BLPOP, on a connection of its own), and the key that asks for stats.
 */
@Component
record RedisEnvironmentStore(RedisEnvironments environments, StringRedisTemplate redis) implements EnvironmentStore {

    @Override
    public Optional<QuotaExceeded> create(EnvironmentRecord environment, EnvironmentQuota quota) {
        return environments.create(environment, quota);
    }

    @Override
    public Optional<EnvironmentRecord> find(EnvironmentId id) {
        return environments.find(id);
    }

    @Override
    public EnvironmentUpdate update(
            EnvironmentId id,
            Function<EnvironmentRecord, Optional<EnvironmentRecord>> decide,
            @Nullable EnvironmentQuota quota) {
        return environments.update(id, decide, quota);
    }

    @Override
    public List<EnvironmentRecord> list(
            @Nullable String owner, @Nullable EnvironmentState state, @Nullable EnvironmentId after, int limit) {
        return environments.list(owner, state, after, limit);
    }

    @Override
    public Optional<String> awaitReply(String replyKey, Duration patience) {
        return ListWaits.pop(redis, replyKey, patience);
    }

    @Override
    public long countIn(EnvironmentState state) {
        Long size = redis.opsForZSet().zCard(RedisKeys.environmentsInState(state));
        return size == null ? 0 : size;
    }

    @Override
    public void wantStats(EnvironmentId id, Duration period) {
        redis.opsForValue().set(RedisKeys.environmentStatsWanted(id), "1", period);
    }
}
