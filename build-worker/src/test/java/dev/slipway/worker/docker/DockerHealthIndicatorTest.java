package dev.slipway.worker.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.worker.execution.ContainerRuntime;
import dev.slipway.worker.execution.ContainerRuntimeException;
import dev.slipway.worker.execution.EngineInfo;
import java.lang.reflect.Proxy;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class DockerHealthIndicatorTest {

    @Test
    void anAnsweringEngineIsUpWithItsVersion() {
        Health health = new DockerHealthIndicator(
                        runtime(() -> new EngineInfo("28.2.2", "x86_64", "linux", 2, 1L << 30, "/var/lib/docker")))
                .health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("version", "28.2.2");
    }

    @Test
    void aSilentEngineIsDown() {
        Health health = new DockerHealthIndicator(runtime(() -> {
                    throw new ContainerRuntimeException(
                            "asking the engine about itself failed: connection refused", null);
                }))
                .health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    }

    private static ContainerRuntime runtime(Supplier<EngineInfo> info) {
        return (ContainerRuntime) Proxy.newProxyInstance(
                DockerHealthIndicatorTest.class.getClassLoader(),
                new Class<?>[] {ContainerRuntime.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("engineInfo")) {
                        return info.get();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
