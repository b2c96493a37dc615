package dev.slipway.worker.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import dev.slipway.worker.execution.ContainerRuntimeException;
import dev.slipway.worker.execution.EngineInfo;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against the real engine, through a client that counts what is asked of it. */
class DockerContainerRuntimeEngineInfoTest {

    private static final EngineProperties ENGINE =
            new EngineProperties(null, Duration.ofSeconds(30), Duration.ofSeconds(5));

    private final DockerClient real = DockerClientConfig.client(null, Duration.ofSeconds(30), 10);
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private volatile boolean engineDown;

    private final DockerClient counting = (DockerClient) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {DockerClient.class}, (proxy, method, args) -> {
                calls.computeIfAbsent(method.getName(), name -> new AtomicInteger())
                        .incrementAndGet();
                if (engineDown) {
                    throw new DockerException("connection refused", 500);
                }
                try {
                    return method.invoke(real, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });

    @AfterEach
    void close() throws Exception {
        real.close();
    }

    private int calls(String method) {
        return calls.getOrDefault(method, new AtomicInteger()).get();
    }

    @Test
    void theEngineDescribesItselfOnceAMinuteAndIsOnlyPingedInBetween() {
        DockerContainerRuntime runtime = new DockerContainerRuntime(counting, counting, ENGINE);

        EngineInfo first = runtime.engineInfo();
        EngineInfo second = runtime.engineInfo();
        EngineInfo third = runtime.engineInfo();

        assertThat(first.cpus()).isPositive();
        assertThat(second).isEqualTo(first).isEqualTo(third);
        assertThat(calls("infoCmd")).isEqualTo(1);
        assertThat(calls("pingCmd")).isEqualTo(2);
    }

    @Test
    void anEngineThatStopsAnsweringIsReportedAtOnceThoughItsDescriptionIsKnown() {
        DockerContainerRuntime runtime = new DockerContainerRuntime(counting, counting, ENGINE);
        runtime.engineInfo();

        engineDown = true;

        assertThatThrownBy(runtime::engineInfo)
                .isInstanceOf(ContainerRuntimeException.class)
                .hasMessageContaining("pinging the engine");
    }
}
