package dev.slipway.worker.redis;

import dev.slipway.redis.JobMoveMeters;
import dev.slipway.redis.RedisEnvironments;
import dev.slipway.redis.RedisJobTransitions;
import dev.slipway.worker.config.WorkerProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The shared state-change mechanisms of jobs and environments, with the retention of what this worker ends. */
@Configuration(proxyBeanMethods = false)
class WorkerRedisConfig {

    @Bean
    RedisJobTransitions jobTransitions(
            StringRedisTemplate redis, JsonMapper json, WorkerProperties properties, MeterRegistry meters) {
        return new RedisJobTransitions(redis, json, properties.retention(), new JobMoveMeters(meters));
    }

    @Bean
    RedisEnvironments environments(StringRedisTemplate redis, JsonMapper json, WorkerProperties properties) {
        return new RedisEnvironments(redis, json, properties.retention());
    }
}
