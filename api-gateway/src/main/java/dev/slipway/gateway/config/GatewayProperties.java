package dev.slipway.gateway.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code slipway.gateway.*}.
 *
 * @param publishTimeout how long a submission waits for RabbitMQ's publisher confirm
 * @param retryAfter what a 503 tells clients to wait before trying again
 * @param sseKeepAlive how often an idle event stream gets a comment, which also detects gone clients
 * @param retention how long a job the gateway ends itself (a cancel while queued) keeps its records;
 *     set it as the workers' {@code slipway.worker.retention}
 */
@ConfigurationProperties("slipway.gateway")
public record GatewayProperties(
        Duration publishTimeout,
        Duration retryAfter,
        Duration sseKeepAlive,
        int defaultPageSize,
        int maxPageSize,
        JobLimits jobs,
        Duration retention) {

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
