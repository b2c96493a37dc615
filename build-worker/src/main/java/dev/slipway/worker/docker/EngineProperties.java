package dev.slipway.worker.docker;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the worker reaches its Docker engine.
 *
 * @param host the engine's address ({@code unix:///var/run/docker.sock}, {@code tcp://host:2375});
 *     empty: {@code DOCKER_HOST}, or the local socket
 * @param callTimeout the longest one engine call may take before it fails (a hung engine must not
 *     hang the worker); calls that last as long as a job (attach, wait, pull) have their own limits
 * @param probeTimeout the longest the engine may take to answer a ping before the worker calls it
 *     unresponsive, stops taking jobs and reports why
 */
@ConfigurationProperties("slipway.worker.engine")
record EngineProperties(@Nullable String host, Duration callTimeout, Duration probeTimeout) {}
