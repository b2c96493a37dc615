package dev.slipway.worker.docker;

import com.github.dockerjava.api.DockerClient;
import dev.slipway.worker.environment.EnvironmentRuntime;
import java.time.Duration;

/** The Docker adapter for tests of other packages, on the local engine. */
public final class TestEngines {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private TestEngines() {}

    /** A client with the worker's call timeout. */
    public static DockerClient client() {
        return DockerClientConfig.client(null, CALL_TIMEOUT, 10);
    }

    /** An environment runtime on two clients: one for calls, one without a timeout for streams. */
    public static EnvironmentRuntime environmentRuntime(DockerClient calls, DockerClient streams) {
        return new DockerEnvironmentRuntime(
                calls, streams, new EngineProperties(null, CALL_TIMEOUT, Duration.ofSeconds(5)));
    }

    public static DockerClient streamsClient() {
        return DockerClientConfig.client(null, null, 10);
    }
}
