package dev.slipway.gateway.redis;

import dev.slipway.gateway.config.GatewayProperties;
import dev.slipway.redis.JobMoveMeters;
import dev.slipway.redis.RedisEnvironments;
import dev.slipway.redis.RedisJobTransitions;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shared state-change mechanisms of jobs and environments, with the retention of what the
 * gateway ends itself (a job cancelled while queued, an environment deleted before it was placed).
 */
@Configuration(proxyBeanMethods = false)
class GatewayRedisConfig {

    @Bean
    RedisJobTransitions jobTransitions(
            StringRedisTemplate redis, JsonMapper json, GatewayProperties properties, MeterRegistry meters) {
        return new RedisJobTransitions(redis, json, properties.retention(), new JobMoveMeters(meters));
    }

    @Bean
    RedisEnvironments environments(StringRedisTemplate redis, JsonMapper json, GatewayProperties properties) {
        return new RedisEnvironments(redis, json, properties.retention());
    }
}
