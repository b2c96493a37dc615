package dev.slipway.worker.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import dev.slipway.model.EnvironmentTemplate;
import dev.slipway.model.Resources;
import dev.slipway.model.WorkerId;
import dev.slipway.testing.TcpProxy;
import dev.slipway.testing.TestImage;
import dev.slipway.worker.environment.ContainerGoneException;
import dev.slipway.worker.environment.ContainerStatus;
import dev.slipway.worker.environment.EnvironmentContainer;
import dev.slipway.worker.environment.EnvironmentContainerSpec;
import dev.slipway.worker.environment.ExecOutput;
import dev.slipway.worker.environment.ExecResult;
import dev.slipway.worker.environment.StatsSample;
import dev.slipway.worker.execution.ContainerRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link DockerEnvironmentRuntime} against the real engine, with the offline busybox image. */
@Timeout(120)
class DockerEnvironmentRuntimeIntegrationTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String NETWORK = "slipway-it-env-" + RUN;
    private static final String TEST_LABEL_VALUE = "environment-runtime";
    private static final WorkerId WORKER = WorkerId.of("it-env-worker-" + RUN);
    private static final String OWNER = "alice";
    private static final List<String> CAPABILITIES = List.of("CHOWN", "DAC_OVERRIDE", "SETUID", "SETGID", "KILL");
    private static final Resources RESOURCES = new Resources(0.5, 64, 64);
    private static final long MIB = 1024L * 1024L;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PULL_TIMEOUT = Duration.ofSeconds(30);
    private static final int OUTPUT_CAP = 64 * 1024;

    private static final DockerClient docker = DockerClientConfig.client(null, CALL_TIMEOUT, 10);
    private static final DockerClient streams = DockerClientConfig.client(null, null, 10);
    private static @Nullable String healthImage;

    private final DockerEnvironmentRuntime runtime = new DockerEnvironmentRuntime(
            docker, streams, new EngineProperties(null, CALL_TIMEOUT, Duration.ofSeconds(5)));

    @AfterEach
    void removeTheContainersOfThisTest() {
        for (Container container : testContainers()) {
            docker.removeContainerCmd(container.getId())
                    .withForce(true)
                    .withRemoveVolumes(true)
                    .exec();
        }
    }

    @AfterAll
    static void removeTheNetworkAndImage() throws IOException {
        try {
            for (var network : docker.listNetworksCmd().withNameFilter(NETWORK).exec()) {
                docker.removeNetworkCmd(network.getId()).exec();
            }
            if (healthImage != null) {
                docker.removeImageCmd(healthImage).withForce(true).exec();
            }
        } finally {
            docker.close();
            streams.close();
        }
    }

    @Test
    void aStartedEnvironmentRunsOnTheJobNetworkWithItsLabelsAndTheHardeningOfJobs() {
        EnvironmentContainerSpec spec = spec(keepAlive());

        String id = runtime.create(spec, PULL_TIMEOUT);
        runtime.start(id);

        InspectContainerResponse container = docker.inspectContainerCmd(id).exec();
        assertThat(container.getState().getRunning()).isTrue();
        assertThat(container.getName()).isEqualTo("/slipway-env-" + spec.environmentId());
        assertThat(container.getConfig().getLabels())
                .containsEntry("slipway.env", spec.environmentId())
                .containsEntry("slipway.owner", OWNER)
                .containsEntry("slipway.worker", WORKER.value())
                .containsEntry(TestImage.TEST_LABEL, TEST_LABEL_VALUE);
        HostConfig host = container.getHostConfig();
        assertThat(host.getMemory()).isEqualTo(64 * MIB);
        assertThat(host.getMemorySwap()).as("no swap on top of the memory").isEqualTo(64 * MIB);
        assertThat(host.getNanoCPUs()).isEqualTo(500_000_000L);
        assertThat(host.getPidsLimit()).isEqualTo(64L);
        assertThat(host.getPrivileged()).isFalse();
        assertThat(host.getCapDrop()).containsExactly(Capability.ALL);
        assertThat(host.getCapAdd())
                .containsExactlyInAnyOrder(
                        CAPABILITIES.stream().map(Capability::valueOf).toArray(Capability[]::new));
        assertThat(host.getSecurityOpts()).containsExactly("no-new-privileges");
        assertThat(host.getBinds()).as("no host files").isNullOrEmpty();
        assertThat(host.getMounts()).as("no host files").isNullOrEmpty();
        assertThat(host.getLogConfig().getType()).isEqualTo(LogConfig.LoggingType.NONE);
        assertThat(host.getNetworkMode()).isEqualTo(NETWORK);
        assertThat(docker.inspectNetworkCmd().withNetworkId(NETWORK).exec().getOptions())
                .as("a job network, which the host firewall covers")
                .containsEntry(JobNetworks.ICC_OPTION, "false")
                .containsEntry(JobNetworks.INTERFACE_OPTION, JobNetworks.interfaceName(NETWORK));
        assertThat(runtime.inspect(id))
                .isEqualTo(new ContainerStatus(ContainerStatus.State.RUNNING, null, ContainerStatus.Health.NONE));
    }

    @Test
    void aTemplateWithoutACommandIsKeptAliveBySleepUnderDockersInit() {
        String id = started(keepAlive());

        assertThat(docker.inspectContainerCmd(id).exec().getHostConfig().getInit())
                .isTrue();
        assertThat(stdoutOf(id, "sh", "-c", "tr '\\0' ' ' < /proc/1/cmdline"))
                .isEqualTo("/sbin/docker-init -- sleep infinity ");
    }

    @Test
    void aTemplateCommandRunsAsProcessOneWithTheTemplatesEnvironmentAndWorkdir() {
        String id = started(
                template(List.of("sh", "-c", "echo \"$GREETING from $(pwd) as $$\" > /tmp/boot; exec sleep 3600")));

        assertThat(docker.inspectContainerCmd(id).exec().getHostConfig().getInit())
                .isNotEqualTo(true);
        assertThat(stdoutOf(id, "cat", "/tmp/boot")).isEqualTo("hello from /root as 1\n");
    }

    @Test
    void creatingAnEnvironmentTwiceGivesItsOneContainer() {
        EnvironmentContainerSpec spec = spec(keepAlive());

        String first = runtime.create(spec, PULL_TIMEOUT);
        String second = runtime.create(spec, PULL_TIMEOUT);

        assertThat(second).isEqualTo(first);
        assertThat(testContainers()).extracting(Container::getId).containsExactly(first);
    }

    @Test
    void anExecAnswersItsExitCodeAndWhatItPrintedOnEachStream() {
        String id = started(keepAlive());

        assertThat(runtime.exec(id, List.of("echo", "hi"), Duration.ofSeconds(10), OUTPUT_CAP))
                .isEqualTo(new ExecResult.Exited(0, new ExecOutput("hi\n", false), new ExecOutput("", false)));
        assertThat(runtime.exec(
                        id, List.of("sh", "-c", "echo out; echo oops >&2; exit 3"), Duration.ofSeconds(10), OUTPUT_CAP))
                .isEqualTo(new ExecResult.Exited(3, new ExecOutput("out\n", false), new ExecOutput("oops\n", false)));
        assertThat(runtime.exec(id, List.of("no-such-command"), Duration.ofSeconds(10), OUTPUT_CAP))
                .isInstanceOfSatisfying(
                        ExecResult.Exited.class,
                        exited -> assertThat(exited.exitCode()).isEqualTo(127));
    }

    @Test
    void anExecsOutputPastTheCapIsCutAndFlaggedWhileTheCommandRunsToItsEnd() {
        String id = started(keepAlive());

        ExecResult result = runtime.exec(
                id,
                List.of("sh", "-c", "yes 0123456789 | head -c 300000; echo done >&2"),
                Duration.ofSeconds(20),
                1000);

        assertThat(result).isInstanceOfSatisfying(ExecResult.Exited.class, exited -> {
            assertThat(exited.exitCode()).isZero();
            assertThat(exited.stdout().truncated()).isTrue();
            assertThat(exited.stdout().text()).hasSize(1000).startsWith("0123456789\n0123456789\n");
            assertThat(exited.stderr()).isEqualTo(new ExecOutput("done\n", false));
        });
    }

    @Test
    void anExecPastItsTimeoutReturnsPromptlyWithWhatItPrintedAndIsKilledWithWhatItStarted() {
        String id = started(keepAlive());

        long asked = System.nanoTime();
        ExecResult result = runtime.exec(
                id, List.of("sh", "-c", "echo started; sleep 300; echo never"), Duration.ofSeconds(1), OUTPUT_CAP);
        Duration took = Duration.ofNanos(System.nanoTime() - asked);

        assertThat(took).isLessThan(Duration.ofSeconds(5));
        assertThat(result)
                .isEqualTo(new ExecResult.TimedOut(
                        Duration.ofSeconds(1), true, new ExecOutput("started\n", false), new ExecOutput("", false)));
        assertThat(stdoutOf(id, "ps")).as("the command and its child are gone").doesNotContain("sleep 300");
    }

    @Test
    void aFileWrittenByAnExecSurvivesAStopAndAStart() {
        String id = started(keepAlive());
        assertThat(stdoutOf(id, "sh", "-c", "echo kept > /root/note && echo written"))
                .isEqualTo("written\n");

        long asked = System.nanoTime();
        runtime.stop(id, Duration.ofSeconds(10));
        assertThat(Duration.ofNanos(System.nanoTime() - asked))
                .as("the init passes SIGTERM on: no wait for the grace period")
                .isLessThan(Duration.ofSeconds(5));

        InspectContainerResponse.ContainerState stopped =
                docker.inspectContainerCmd(id).exec().getState();
        assertThat(stopped.getStatus()).isEqualTo("exited");
        assertThat(runtime.inspect(id).state()).isEqualTo(ContainerStatus.State.EXITED);
        assertThat(runtime.inspect(id).exitCode())
                .isEqualTo(stopped.getExitCodeLong().intValue());
        assertThatThrownBy(() -> runtime.exec(id, List.of("true"), Duration.ofSeconds(5), OUTPUT_CAP))
                .isInstanceOf(ContainerRuntimeException.class)
                .isNotInstanceOf(ContainerGoneException.class)
                .hasMessageContaining("not running");
        assertThat(runtime.stats(id)).as("a stopped container uses nothing").isEmpty();
        runtime.stop(id, Duration.ofSeconds(1)); // stopped already: fine

        runtime.start(id);
        runtime.start(id); // running already: fine

        assertThat(runtime.inspect(id).state()).isEqualTo(ContainerStatus.State.RUNNING);
        assertThat(stdoutOf(id, "cat", "/root/note")).isEqualTo("kept\n");
    }

    @Test
    void aRestartRunsTheContainerAgainWithItsFiles() {
        String id = started(keepAlive());
        stdoutOf(id, "sh", "-c", "echo kept > /root/note");
        String startedAt = docker.inspectContainerCmd(id).exec().getState().getStartedAt();

        runtime.restart(id, Duration.ofSeconds(5));

        assertThat(docker.inspectContainerCmd(id).exec().getState().getStartedAt())
                .isNotEqualTo(startedAt);
        assertThat(runtime.inspect(id).state()).isEqualTo(ContainerStatus.State.RUNNING);
        assertThat(stdoutOf(id, "cat", "/root/note")).isEqualTo("kept\n");

        runtime.stop(id, Duration.ofSeconds(5));
        runtime.restart(id, Duration.ofSeconds(5));
        assertThat(runtime.inspect(id).state()).as("a stopped one is started").isEqualTo(ContainerStatus.State.RUNNING);
    }

    @Test
    void statsGiveTheCpuShareMemoryWithItsLimitPidsAndTraffic() {
        String id = started(keepAlive());
        stdoutOf(id, "sh", "-c", "while :; do :; done > /dev/null 2>&1 &");

        StatsSample sample = runtime.stats(id).orElseThrow();

        assertThat(sample.cpuPercent())
                .as("one busy loop, limited to half a core")
                .isBetween(20.0, 65.0);
        assertThat(sample.memoryLimitBytes()).isEqualTo(64 * MIB);
        assertThat(sample.memoryUsedBytes()).isPositive().isLessThan(64 * MIB);
        assertThat(sample.pids()).as("init, sleep, the loop").isGreaterThanOrEqualTo(3);
        assertThat(sample.networkRxBytes()).isNotNegative();
        assertThat(sample.networkTxBytes()).isNotNegative();
    }

    @Test
    void aRemovedEnvironmentLeavesNothingAndItsContainerIsThenGone() {
        EnvironmentContainerSpec spec = spec(keepAlive());
        String id = runtime.create(spec, PULL_TIMEOUT);
        runtime.start(id);

        runtime.remove(id);

        assertThat(testContainers()).isEmpty();
        assertThat(runtime.environmentContainers())
                .extracting(EnvironmentContainer::environmentId)
                .doesNotContain(spec.environmentId());
        assertThat(runtime.inspect(id)).isEqualTo(ContainerStatus.missing());
        runtime.remove(id); // gone already: fine
        assertThatThrownBy(() -> runtime.start(id)).isInstanceOf(ContainerGoneException.class);
        assertThatThrownBy(() -> runtime.stop(id, Duration.ZERO)).isInstanceOf(ContainerGoneException.class);
        assertThatThrownBy(() -> runtime.exec(id, List.of("true"), Duration.ofSeconds(5), OUTPUT_CAP))
                .isInstanceOf(ContainerGoneException.class);
        assertThatThrownBy(() -> runtime.stats(id)).isInstanceOf(ContainerGoneException.class);
    }

    @Test
    void everyEnvironmentContainerIsListedWithItsLabelsRunningOrNot() {
        EnvironmentContainerSpec running = spec(keepAlive());
        EnvironmentContainerSpec stopped = spec(keepAlive());
        String runningId = runtime.create(running, PULL_TIMEOUT);
        runtime.start(runningId);
        String stoppedId = runtime.create(stopped, PULL_TIMEOUT);

        assertThat(runtime.environmentContainers())
                .filteredOn(container -> container.worker().equals(WORKER.value()))
                .containsExactlyInAnyOrder(
                        new EnvironmentContainer(runningId, running.environmentId(), OWNER, WORKER.value(), true),
                        new EnvironmentContainer(stoppedId, stopped.environmentId(), OWNER, WORKER.value(), false));
        assertThat(runtime.inspect(stoppedId))
                .as("never started")
                .isEqualTo(new ContainerStatus(ContainerStatus.State.EXITED, null, ContainerStatus.Health.NONE));
    }

    @Test
    void theImagesHealthcheckIsReported(@TempDir Path context) throws Exception {
        String image = healthImage(context);
        EnvironmentTemplate template = new EnvironmentTemplate(
                "it-healthy",
                image,
                null,
                null,
                Map.of(),
                null,
                null,
                List.of("/bin/sh"),
                RESOURCES,
                Duration.ofHours(1),
                Duration.ofHours(2),
                null,
                "default",
                Map.of());
        String id = started(template);

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> assertThat(runtime.inspect(id).health()).isEqualTo(ContainerStatus.Health.UNHEALTHY));
        stdoutOf(id, "touch", "/tmp/ready");
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> assertThat(runtime.inspect(id).health()).isEqualTo(ContainerStatus.Health.HEALTHY));
    }

    /** The engine stops answering (the real one behind a proxy that stops forwarding). */
    @Test
    void everyCallOnAHungEngineFailsWithinItsTimeoutInsteadOfHanging() throws Exception {
        Duration callTimeout = Duration.ofSeconds(2);
        try (TcpProxy link = TcpProxy.toUnixSocket(Path.of("/var/run/docker.sock"))) {
            String host = "tcp://127.0.0.1:" + link.port();
            try (DockerClient control = DockerClientConfig.client(host, callTimeout, 10);
                    DockerClient slow = DockerClientConfig.client(host, null, 10)) {
                var hung = new DockerEnvironmentRuntime(
                        control, slow, new EngineProperties(host, callTimeout, Duration.ofMillis(500)));
                String id = hung.create(spec(keepAlive()), PULL_TIMEOUT);
                hung.start(id);
                link.freeze();
                try {
                    List<Runnable> calls = List.of(
                            () -> hung.exec(id, List.of("echo", "hi"), Duration.ofSeconds(1), OUTPUT_CAP),
                            () -> hung.stats(id),
                            () -> hung.inspect(id),
                            () -> hung.stop(id, Duration.ZERO),
                            hung::environmentContainers);
                    for (Runnable call : calls) {
                        long asked = System.nanoTime();
                        assertThatThrownBy(call::run).isInstanceOf(ContainerRuntimeException.class);
                        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(callTimeout.plusSeconds(2));
                    }
                } finally {
                    link.restore();
                }
            }
        }
    }

    private String healthImage(Path context) throws IOException {
        String tag = "slipway-it-healthy:" + RUN;
        Files.writeString(
                context.resolve("Dockerfile"),
                "FROM " + TestImage.BUSYBOX + "\n"
                        + "HEALTHCHECK --interval=1s --timeout=2s --retries=1 CMD test -e /tmp/ready\n");
        docker.buildImageCmd(context.toFile())
                .withTags(Set.of(tag))
                .withPull(false)
                .withLabels(Map.of(TestImage.TEST_LABEL, TEST_LABEL_VALUE))
                .exec(new BuildImageResultCallback())
                .awaitImageId(60, TimeUnit.SECONDS);
        healthImage = tag;
        return tag;
    }

    private String started(EnvironmentTemplate template) {
        String id = runtime.create(spec(template), PULL_TIMEOUT);
        runtime.start(id);
        return id;
    }

    private String stdoutOf(String id, String... command) {
        ExecResult result = runtime.exec(id, List.of(command), Duration.ofSeconds(10), OUTPUT_CAP);
        assertThat(result)
                .as("%s", List.of(command))
                .isInstanceOfSatisfying(
                        ExecResult.Exited.class,
                        exited -> assertThat(exited.exitCode()).isZero());
        return result.stdout().text();
    }

    private static EnvironmentContainerSpec spec(EnvironmentTemplate template) {
        return new EnvironmentContainerSpec(
                "it-" + UUID.randomUUID(),
                OWNER,
                WORKER,
                template,
                CAPABILITIES,
                NETWORK,
                Map.of(TestImage.TEST_LABEL, TEST_LABEL_VALUE));
    }

    private static EnvironmentTemplate keepAlive() {
        return template(null);
    }

    private static EnvironmentTemplate template(@Nullable List<String> command) {
        return new EnvironmentTemplate(
                "it-busybox",
                TestImage.BUSYBOX,
                null,
                command,
                Map.of("GREETING", "hello"),
                "/root",
                null,
                List.of("/bin/sh"),
                RESOURCES,
                Duration.ofHours(1),
                Duration.ofHours(2),
                null,
                "default",
                Map.of());
    }

    private static List<Container> testContainers() {
        return docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(TestImage.TEST_LABEL, TEST_LABEL_VALUE, "slipway.worker", WORKER.value()))
                .exec();
    }
}
