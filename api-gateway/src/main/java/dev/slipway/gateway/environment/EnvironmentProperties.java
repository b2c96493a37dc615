package dev.slipway.gateway.environment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code slipway.gateway.environments.*}: the lifetimes templates may give environments.
 *
 * @param defaultTtl the lifetime of a template that sets no {@code ttl}
 * @param defaultMaxTtl the longest lifetime of a template that sets no {@code maxTtl}
 * @param maxTtl the longest {@code maxTtl} any template may set
 */
@ConfigurationProperties("slipway.gateway.environments")
record EnvironmentProperties(Duration defaultTtl, Duration defaultMaxTtl, Duration maxTtl) {}
