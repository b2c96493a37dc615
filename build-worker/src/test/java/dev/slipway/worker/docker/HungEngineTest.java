package dev.slipway.worker.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import dev.slipway.testing.TcpProxy;
import dev.slipway.worker.execution.ContainerRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Docker engine that stops answering (here: the real engine behind a proxy that stops forwarding)
 * fails each engine call within its timeout instead of hanging the worker thread that made it.
 */
@Timeout(60) // without the timeouts the calls would hang: fail instead
class HungEngineTest {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

    private TcpProxy engineLink;
    private DockerClient control;
    private DockerClient streams;
    private DockerContainerRuntime runtime;

    @BeforeEach
    void reachTheEngineThroughAProxy() throws Exception {
        engineLink = TcpProxy.toUnixSocket(Path.of("/var/run/docker.sock"));
        String host = "tcp://127.0.0.1:" + engineLink.port();
        control = DockerClientConfig.client(host, CALL_TIMEOUT, 10);
        streams = DockerClientConfig.client(host, null, 10);
        runtime = new DockerContainerRuntime(control, streams, new EngineProperties(host, CALL_TIMEOUT, PROBE_TIMEOUT));
    }

    @AfterEach
    void close() throws Exception {
        engineLink.restore();
        control.close();
        streams.close();
        engineLink.close();
    }

    @Test
    void aPingOfAHungEngineFailsWithinTheProbeTimeout() {
        assertThat(runtime.engineInfo().version())
                .as("answers while the link forwards")
                .isNotBlank();
        engineLink.freeze();

        long asked = System.nanoTime();
        assertThatThrownBy(runtime::engineInfo)
                .isInstanceOf(ContainerRuntimeException.class)
                .hasMessageContaining("no answer within");
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(PROBE_TIMEOUT.plusSeconds(1));
    }

    @Test
    void aCallToAHungEngineFailsWithinTheCallTimeoutInsteadOfHangingItsThread() {
        runtime.jobContainers(); // a connection is open and forwarding
        engineLink.freeze();

        long asked = System.nanoTime();
        assertThatThrownBy(runtime::jobContainers).isInstanceOf(ContainerRuntimeException.class);
        assertThatThrownBy(() -> runtime.stop("no-such-container", Duration.ZERO))
                .isInstanceOf(ContainerRuntimeException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - asked))
                .as("two calls, each failed by its timeout")
                .isLessThan(CALL_TIMEOUT.multipliedBy(2).plusSeconds(2));
    }
}
