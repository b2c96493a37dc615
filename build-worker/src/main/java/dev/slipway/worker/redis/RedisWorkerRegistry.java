package dev.slipway.worker.redis;

import dev.slipway.model.RedisKeys;
import dev.slipway.model.WorkerAdmin;
import dev.slipway.model.WorkerId;
import dev.slipway.model.WorkerStatus;
import dev.slipway.redis.LuaScripts;
import dev.slipway.worker.fleet.WorkerRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The registry entry of this worker: {@code slipway:worker:{id}} and its place in {@code slipway:workers}. */
@Component
record RedisWorkerRegistry(StringRedisTemplate redis, JsonMapper json) implements WorkerRegistry {

    private static final Logger log = LoggerFactory.getLogger(RedisWorkerRegistry.class);
    private static final RedisScript<Long> REPORT = LuaScripts.load("redis/report-worker.lua", Long.class);

    @Override
    public WorkerAdmin admin(WorkerId worker) {
        Object admin = redis.opsForHash().get(RedisKeys.worker(worker), RedisKeys.WORKER_ADMIN);
        if (admin == null) {
            return WorkerAdmin.SCHEDULABLE;
        }
        try {
            return WorkerAdmin.valueOf(admin.toString());
        } catch (IllegalArgumentException e) {
            return WorkerAdmin.SCHEDULABLE; // written by a newer gateway: do what this worker knows
        }
    }

    @Override
    public Map<String, Map<String, String>> routes(String pool) {
        Map<String, Map<String, String>> routes = new HashMap<>();
        redis.opsForHash().entries(RedisKeys.routes(pool)).forEach((route, constraints) -> {
            try {
                routes.put(
                        route.toString(),
                        json.readValue(constraints.toString(), new TypeReference<Map<String, String>>() {}));
            } catch (JacksonException e) {
                log.warn(
                        "Ignoring route {} of pool {}: its constraints cannot be read ({})",
                        route,
                        pool,
                        e.getOriginalMessage());
            }
        });
        return routes;
    }

    @Override
    public Optional<WorkerStatus> status(WorkerId worker) {
        Object status = redis.opsForHash().get(RedisKeys.worker(worker), RedisKeys.WORKER_STATUS);
        if (status == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(status.toString(), WorkerStatus.class));
        } catch (JacksonException e) {
            log.warn("The status of worker {} cannot be read ({})", worker, e.getOriginalMessage());
            return Optional.empty();
        }
    }

    @Override
    public void report(WorkerStatus status, Duration forgetAfter) {
        redis.execute(
                REPORT,
                List.of(RedisKeys.worker(status.id()), RedisKeys.WORKERS),
                status.id().value(),
                json.writeValueAsString(status),
                String.valueOf(status.heartbeatAt().toEpochMilli()),
                String.valueOf(forgetAfter.toMillis()));
    }
}
