package dev.slipway.gateway.redis;

import dev.slipway.gateway.fleet.WorkerRegistry;
import dev.slipway.gateway.fleet.WorkerView;
import dev.slipway.model.RedisKeys;
import dev.slipway.model.WorkerAdmin;
import dev.slipway.model.WorkerId;
import dev.slipway.model.WorkerStatus;
import dev.slipway.redis.LuaScripts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** The registry as workers write it: {@code slipway:workers} and one {@code slipway:worker:{id}} hash each. */
@Component
record RedisWorkerRegistry(StringRedisTemplate redis, RedisPipelines pipelines, JsonMapper json)
        implements WorkerRegistry {

    private static final RedisScript<Long> REQUEST = LuaScripts.load("redis/request-worker.lua", Long.class);

    /** The fields {@link #view} reads, in its order. */
    private static final List<String> STATUS_AND_ADMIN = List.of(RedisKeys.WORKER_STATUS, RedisKeys.WORKER_ADMIN);

    /** One round trip for the index and one for every worker's hash: a fleet of 100 is not 101 waits. */
    @Override
    public List<WorkerView> all(Instant now) {
        Set<String> found = redis.opsForZSet().range(RedisKeys.WORKERS, 0, -1);
        List<String> ids = found == null ? List.of() : List.copyOf(found);
        List<List<@Nullable String>> hashes = pipelines.hashFields(
                ids.stream().map(id -> RedisKeys.worker(WorkerId.of(id))).toList(), STATUS_AND_ADMIN);
        List<WorkerView> workers = new ArrayList<>();
        for (List<@Nullable String> fields : hashes) {
            view(fields, now).ifPresent(workers::add);
        }
        workers.sort((a, b) -> a.id().value().compareTo(b.id().value()));
        return workers;
    }

    @Override
    public Optional<WorkerView> find(WorkerId id, Instant now) {
        return view(redis.<String, String>opsForHash().multiGet(RedisKeys.worker(id), STATUS_AND_ADMIN), now);
    }

    /** A worker's view from its hash's status and admin fields, in that order; empty when it has no readable status. */
    private Optional<WorkerView> view(List<?> fields, Instant now) {
        WorkerStatus status = parse(fields.get(0));
        if (status == null) {
            return Optional.empty();
        }
        return Optional.of(WorkerView.of(status, admin(fields.get(1)), now));
    }

    @Override
    public boolean request(WorkerId id, WorkerAdmin admin) {
        Long applied = redis.execute(REQUEST, List.of(RedisKeys.worker(id)), admin.name());
        if (applied == null || applied == 0) {
            return false;
        }
        redis.convertAndSend(RedisKeys.CONTROL_CHANNEL, RedisKeys.WORKER_PREFIX + id.value());
        return true;
    }

    @Override
    public void announceRoute(String pool, String route, Map<String, String> constraints) {
        if (Boolean.TRUE.equals(
                redis.opsForHash().putIfAbsent(RedisKeys.routes(pool), route, json.writeValueAsString(constraints)))) {
            redis.convertAndSend(
                    RedisKeys.CONTROL_CHANNEL,
                    RedisKeys.ROUTES_SIGNAL); // workers look now, not at their next heartbeat
        }
    }

    @Override
    public Set<String> pools() {
        Set<String> pools = redis.opsForSet().members(RedisKeys.POOLS);
        return pools == null ? Set.of() : pools;
    }

    @Override
    public Set<String> routesOf(String pool) {
        Set<String> routes = new TreeSet<>();
        routes.add(pool);
        redis.opsForHash().keys(RedisKeys.routes(pool)).forEach(route -> routes.add(route.toString()));
        return routes;
    }

    @Override
    public void forgetPool(String pool) {
        redis.delete(RedisKeys.routes(pool));
        redis.opsForSet().remove(RedisKeys.POOLS, pool);
    }

    private @Nullable WorkerStatus parse(@Nullable Object text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text.toString(), WorkerStatus.class);
        } catch (JacksonException e) {
            return null; // an entry this gateway cannot read (a newer worker): not shown rather than a 500
        }
    }

    private static WorkerAdmin admin(@Nullable Object text) {
        if (text == null) {
            return WorkerAdmin.SCHEDULABLE;
        }
        try {
            return WorkerAdmin.valueOf(text.toString());
        } catch (IllegalArgumentException e) {
            return WorkerAdmin.SCHEDULABLE;
        }
    }
}
