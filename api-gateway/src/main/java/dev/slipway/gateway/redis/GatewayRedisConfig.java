package dev.slipway.gateway.redis;

import dev.slipway.gateway.config.GatewayProperties;
import dev.slipway.redis.RedisJobTransitions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The shared state-change mechanism, with the retention of jobs the gateway ends itself (a cancel while queued). */
@Configuration(proxyBeanMethods = false)
class GatewayRedisConfig {

    @Bean
    RedisJobTransitions jobTransitions(StringRedisTemplate redis, JsonMapper json, GatewayProperties properties) {
        return new RedisJobTransitions(redis, json, properties.retention());
    }
}
