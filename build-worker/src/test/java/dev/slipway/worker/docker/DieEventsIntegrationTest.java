package dev.slipway.worker.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import dev.slipway.testing.TcpProxy;
import dev.slipway.testing.TestImage;
import dev.slipway.worker.execution.ContainerSpecs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A job container's exit is learned from the engine's die event, with its exit code, even while the
 * wait call does not answer (here: its link to the engine frozen); the events stream is opened again
 * after it breaks, and while it is down the wait alone tells.
 */
@Timeout(90)
class DieEventsIntegrationTest {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SOON = Duration.ofSeconds(5);

    private TcpProxy eventsLink;
    private TcpProxy waitLink;
    private DockerClient control;
    private DockerClient eventsClient;
    private DockerClient waitClient;
    private DieEvents events;
    private DockerContainerRuntime runtime;
    private final List<String> containers = new ArrayList<>();

    @BeforeEach
    void subscribe() throws Exception {
        Path socket = Path.of("/var/run/docker.sock");
        eventsLink = TcpProxy.toUnixSocket(socket);
        waitLink = TcpProxy.toUnixSocket(socket);
        control = DockerClientConfig.client(null, CALL_TIMEOUT, 10);
        eventsClient = DockerClientConfig.client("tcp://127.0.0.1:" + eventsLink.port(), null, 10);
        waitClient = DockerClientConfig.client("tcp://127.0.0.1:" + waitLink.port(), null, 10);
        ContainerExits exits = new ContainerExits();
        events = new DieEvents(eventsClient, exits);
        runtime = new DockerContainerRuntime(
                control, waitClient, new EngineProperties(null, CALL_TIMEOUT, Duration.ofSeconds(5)), exits);
        events.start();
        await().atMost(SOON).until(events::connected);
    }

    @AfterEach
    void close() throws Exception {
        events.stop();
        eventsLink.restore();
        waitLink.restore();
        for (String id : containers) {
            runtime.remove(id);
        }
        control.close();
        eventsClient.close();
        waitClient.close();
        eventsLink.close();
        waitLink.close();
    }

    @Test
    void theExitCodeComesWithTheDieEventWhileTheWaitIsHeldUp() {
        waitLink.freeze();
        String id = exitingWith(3);

        long started = System.nanoTime();
        runtime.start(id);
        OptionalInt exit = runtime.awaitExit(id, Duration.ofSeconds(30));

        assertThat(exit).hasValue(3);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(SOON);
    }

    @Test
    void theStreamIsOpenedAgainAfterItBreaks() {
        eventsLink.cut();
        await().atMost(SOON).until(() -> !events.connected());
        eventsLink.restore();
        await().atMost(Duration.ofSeconds(15)).until(events::connected);

        waitLink.freeze();
        String id = exitingWith(7);
        runtime.start(id);

        assertThat(runtime.awaitExit(id, Duration.ofSeconds(30))).hasValue(7);
    }

    @Test
    void whileTheStreamIsDownTheWaitTellsTheExit() {
        eventsLink.cut(); // and it stays cut
        await().atMost(SOON).until(() -> !events.connected());
        String id = exitingWith(5);
        runtime.start(id);

        assertThat(runtime.awaitExit(id, Duration.ofSeconds(30))).hasValue(5);
    }

    private String exitingWith(int code) {
        String id = control.createContainerCmd(TestImage.BUSYBOX)
                .withCmd("sh", "-c", "exit " + code)
                .withLabels(Map.of(ContainerSpecs.JOB_LABEL, "die-events-test", "slipway.test", "true"))
                .exec()
                .getId();
        containers.add(id);
        return id;
    }
}
