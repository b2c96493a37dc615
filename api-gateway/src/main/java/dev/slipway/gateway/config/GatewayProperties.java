package dev.slipway.gateway.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code slipway.gateway.*}.
 *
 * @param publishTimeout how long a submission waits for RabbitMQ's publisher confirm
 * @param retryAfter what a 503 tells clients to wait before trying again
 */
@ConfigurationProperties("slipway.gateway")
public record GatewayProperties(
        Duration publishTimeout, Duration retryAfter, int defaultPageSize, int maxPageSize, JobLimits jobs) {

    /** Defaults applied to a job spec that leaves a value out, and the most a spec may ask for. */
    public record JobLimits(
            Duration defaultTimeout,
            Duration maxTimeout,
            int defaultMaxAttempts,
            int maxMaxAttempts,
            ResourceValues defaultResources,
            ResourceValues maxResources) {}

    public record ResourceValues(double cpus, long memoryMb, long pidsLimit) {}
}
