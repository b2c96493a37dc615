package dev.slipway.worker.redis;

import dev.slipway.model.EnvironmentEvent;
import dev.slipway.model.EnvironmentId;
import dev.slipway.model.EnvironmentRecord;
import dev.slipway.model.EnvironmentState;
import dev.slipway.model.EnvironmentUpdate;
import dev.slipway.model.RedisKeys;
import dev.slipway.model.WorkerId;
import dev.slipway.redis.RedisEnvironments;
import dev.slipway.worker.environment.EnvironmentRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.springframework.data.redis.connection.RedisStreamCommands;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Environments through the mechanism gateway and workers share ({@link RedisEnvironments}); exec
 * answers on the list the asking gateway waits on; stats samples on a capped stream.
 */
@Component
public record RedisEnvironmentRecords(RedisEnvironments environments, StringRedisTemplate redis, JsonMapper json)
        implements EnvironmentRecords {

    /** An answer nobody took (its gateway gave up) is dropped after this. */
    private static final Duration REPLY_LIFETIME = Duration.ofSeconds(60);
    /** About a minute of samples at one every 2 s: enough for a client that reconnects. */
    private static final long STATS_KEPT = 30;

    private static final Duration STATS_LIFETIME = Duration.ofMinutes(10);

    @Override
    public Optional<EnvironmentRecord> find(EnvironmentId id) {
        return environments.find(id);
    }

    @Override
    public EnvironmentUpdate update(EnvironmentId id, Function<EnvironmentRecord, Optional<EnvironmentRecord>> decide) {
        return environments.update(id, decide, null);
    }

    @Override
    public List<EnvironmentRecord> hostedBy(WorkerId worker) {
        return environments.hostedBy(worker);
    }

    @Override
    public Set<String> hostedIds(WorkerId worker) {
        Set<String> ids = redis.opsForSet().members(RedisKeys.workerEnvironments(worker));
        return ids == null ? Set.of() : ids;
    }

    @Override
    public List<EnvironmentId> expiredBy(Instant now, int limit) {
        return environments.expiredBy(now, limit);
    }

    @Override
    public List<EnvironmentRecord> inState(EnvironmentState state, int limit) {
        return environments.list(null, state, null, limit);
    }

    @Override
    public void reply(String replyKey, String answer) {
        redis.opsForList().rightPush(replyKey, answer);
        redis.expire(replyKey, REPLY_LIFETIME);
    }

    @Override
    public boolean statsWanted(EnvironmentId id) {
        return Boolean.TRUE.equals(redis.hasKey(RedisKeys.environmentStatsWanted(id)));
    }

    @Override
    public void appendStats(EnvironmentEvent.Stats sample) {
        String key = RedisKeys.environmentStats(sample.environmentId());
        redis.opsForStream()
                .add(
                        StreamRecords.string(Map.of("event", json.writeValueAsString(sample)))
                                .withStreamKey(RedisKeys.environmentStats(sample.environmentId())),
                        RedisStreamCommands.XAddOptions.maxlen(STATS_KEPT));
        // A sample that lands just after the environment ended (its end deletes the stream) must not stay.
        redis.expire(key, STATS_LIFETIME);
    }

    @Override
    public boolean takeDuty(String duty, WorkerId worker, Duration term) {
        return Boolean.TRUE.equals(redis.opsForValue().setIfAbsent("slipway:duty:" + duty, worker.value(), term));
    }
}
