package dev.slipway.worker.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The docker-java clients, one per kind of call. Engine calls that should answer in seconds go
 * through a client with a response timeout ({@code slipway.worker.engine.call-timeout}), so that a
 * hung engine fails them instead of hanging the worker. Attach, wait and pull last as long as a job
 * or a download may be silent, so they use a client without one; each has a limit of its own (the
 * job's timeout, the pull timeout). {@code slipway.worker.engine.host}, else {@code DOCKER_HOST}
 * (and the other standard Docker client variables) pick the engine, the local socket by default.
 */
@Configuration(proxyBeanMethods = false)
class DockerClientConfig {

    /** For calls that answer at once: create, start, stop, pause, remove, list, info, ping. */
    @Bean(destroyMethod = "close")
    @Primary
    DockerClient dockerClient(EngineProperties engine) {
        return client(engine.host(), engine.callTimeout(), 50);
    }

    /** For streams that last as long as a job: two per running job, and then some. */
    @Bean(destroyMethod = "close")
    @Qualifier("streams")
    DockerClient dockerStreamsClient(EngineProperties engine) {
        return client(engine.host(), null, 200);
    }

    static DockerClient client(@Nullable String host, @Nullable Duration responseTimeout, int maxConnections) {
        DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder();
        if (host != null && !host.isBlank()) {
            builder.withDockerHost(host);
        }
        DefaultDockerClientConfig config = builder.build();
        ApacheDockerHttpClient.Builder http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(maxConnections)
                .connectionTimeout(Duration.ofSeconds(10));
        if (responseTimeout != null) {
            http.responseTimeout(responseTimeout);
        }
        return DockerClientImpl.getInstance(config, http.build());
    }
}
