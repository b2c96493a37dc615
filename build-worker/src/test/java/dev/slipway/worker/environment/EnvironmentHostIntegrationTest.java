package dev.slipway.worker.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.slipway.messaging.JobPublisher;
import dev.slipway.model.EnvironmentCommand;
import dev.slipway.model.EnvironmentId;
import dev.slipway.model.EnvironmentQuota;
import dev.slipway.model.EnvironmentRecord;
import dev.slipway.model.EnvironmentState;
import dev.slipway.model.EnvironmentTemplate;
import dev.slipway.model.EnvironmentUpdate;
import dev.slipway.model.HostImage;
import dev.slipway.model.ImagePullProgress;
import dev.slipway.model.JobMessage;
import dev.slipway.model.RedisKeys;
import dev.slipway.model.Resources;
import dev.slipway.model.WorkerAdmin;
import dev.slipway.model.WorkerId;
import dev.slipway.model.WorkerStatus;
import dev.slipway.redis.RedisEnvironments;
import dev.slipway.testing.TestImage;
import dev.slipway.testing.TestRedis;
import dev.slipway.testing.TestTemplates;
import dev.slipway.worker.config.TestWorkerProperties;
import dev.slipway.worker.config.WorkerProperties;
import dev.slipway.worker.docker.TestEngines;
import dev.slipway.worker.fleet.WorkerRegistry;
import dev.slipway.worker.redis.RedisEnvironmentRecords;
import dev.slipway.worker.redis.RedisImageReports;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/**
 * A worker's hosting of environments against the real Docker engine and Redis: making, stopping,
 * starting, noticing what happened to a container behind its back, coming back from LOST, and the
 * sweep's lifetimes, idle stops and removal of containers nobody owns. Every container carries the
 * test worker's id as its worker label and is removed after each test.
 */
@Timeout(120)
class EnvironmentHostIntegrationTest {

    private static final int DATABASE = 8;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final WorkerId ME = WorkerId.of("it-host-" + RUN);

    private static final TestRedis database = TestRedis.database(DATABASE);
    private static final StringRedisTemplate redis = database.template();
    private static final DockerClient docker = TestEngines.client();
    private static final DockerClient streams = TestEngines.streamsClient();

    private final JsonMapper json = JsonMapper.builder().build();
    private final RedisEnvironments environments = new RedisEnvironments(redis, json, Duration.ofHours(1));
    private final EnvironmentRecords records = new RedisEnvironmentRecords(environments, redis, json);
    private final EnvironmentRuntime runtime = TestEngines.environmentRuntime(docker, streams);
    private final EnvironmentSettings settings = new EnvironmentSettings(
            5,
            DataSize.ofMegabytes(512),
            Duration.ofSeconds(1),
            Duration.ZERO,
            DataSize.ofKilobytes(64),
            Duration.ofMinutes(2),
            false);
    private final EnvironmentHost host =
            new EnvironmentHost(runtime, records, properties(), settings, json, Clock.systemUTC());
    private final HostImages images =
            new HostImages(runtime, new RedisImageReports(redis, json), properties(), Clock.systemUTC());
    private final EnvironmentSweep sweep = new EnvironmentSweep(
            host, images, records, runtime, new NoRegistry(), new NoPublisher(), settings, json, Clock.systemUTC());

    @AfterAll
    static void disconnect() throws Exception {
        database.close();
        docker.close();
        streams.close();
    }

    @BeforeEach
    void emptyRedis() {
        database.flush();
    }

    @AfterEach
    void removeTheContainersOfThisTest() {
        for (Container container : containersOfThisWorker()) {
            docker.removeContainerCmd(container.getId()).withForce(true).exec();
        }
    }

    @Test
    void aClaimedEnvironmentIsMadeRunningThenStoppedAndStartedInTheSameContainer() {
        EnvironmentId id = claimed(template(null));

        host.create(id);

        EnvironmentRecord running = record(id);
        assertThat(running.state()).isEqualTo(EnvironmentState.RUNNING);
        String container = running.containerId();
        assertThat(container).isNotNull();
        assertThat(isRunning(container)).isTrue();
        move(id, EnvironmentState.STOPPING);
        host.settle(id);
        assertThat(record(id).state()).isEqualTo(EnvironmentState.STOPPED);
        assertThat(isRunning(container)).isFalse();
        move(id, EnvironmentState.STARTING);
        host.settle(id);
        assertThat(record(id).state()).isEqualTo(EnvironmentState.RUNNING);
        assertThat(record(id).containerId()).isEqualTo(container);
        assertThat(isRunning(container)).isTrue();
    }

    @Test
    void aContainerStoppedBehindTheWorkersBackIsRecordedStoppedAndOneRemovedIsFailed() {
        EnvironmentId id = claimed(template(null));
        host.create(id);
        String container = record(id).containerId();
        docker.stopContainerCmd(container).withTimeout(1).exec();

        host.check(record(id));

        EnvironmentRecord stopped = record(id);
        assertThat(stopped.state()).isEqualTo(EnvironmentState.STOPPED);
        assertThat(stopped.error()).startsWith("its container exited");
        docker.removeContainerCmd(container).withForce(true).exec();
        host.check(record(id));
        EnvironmentRecord failed = record(id);
        assertThat(failed.state()).isEqualTo(EnvironmentState.FAILED);
        assertThat(failed.error()).contains("gone");
    }

    @Test
    void aLostEnvironmentWhoseContainerStillRunsComesBackRunning() {
        EnvironmentId id = claimed(template(null));
        host.create(id);
        move(id, EnvironmentState.LOST);

        sweep.sweepHosted(); // its checks run beside the sweep

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(record(id).state()).isEqualTo(EnvironmentState.RUNNING));
        assertThat(record(id).error()).isEqualTo("its worker came back");
    }

    @Test
    void aLostEnvironmentWhoseWorkerDiedBeforeRecordingItsContainerAdoptsItByItsLabelOrFails() {
        EnvironmentId made = claimed(template(null));
        String container = runtime.create(
                new EnvironmentContainerSpec(made.value(), "alice", ME, template(null), List.of(), null),
                Duration.ofMinutes(1));
        runtime.start(container);
        move(made, EnvironmentState.LOST); // its record never got the container's id
        EnvironmentId never = claimed(template(null));
        move(never, EnvironmentState.LOST);

        host.check(record(made));
        host.check(record(never));

        assertThat(record(made).state()).isEqualTo(EnvironmentState.RUNNING);
        assertThat(record(made).containerId()).isEqualTo(container);
        assertThat(record(never).state()).isEqualTo(EnvironmentState.FAILED);
        assertThat(record(never).error()).isEqualTo("its worker went away before making its container");
    }

    @Test
    void anEnvironmentThatWaitedLongForItsContainerCountsItsIdleTimeFromWhenItRuns() {
        EnvironmentId id = claimed(template(Duration.ofSeconds(30)));
        environments.update(
                id, current -> Optional.of(current.activeAt(Instant.now().minusSeconds(60))), null);
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        host.create(id);

        assertThat(record(id).lastActivityAt()).isAfterOrEqualTo(before);
        sweep.sweepHosted();
        assertThat(record(id).state()).isEqualTo(EnvironmentState.RUNNING);
    }

    @Test
    void theFleetSweepMarksARunningEnvironmentOfASilentWorkerLostLeavesAStoppedOneAndEndsADeletedOne() {
        EnvironmentId running = claimed(template(null));
        move(running, EnvironmentState.RUNNING);
        EnvironmentId stopped = claimed(template(null));
        move(stopped, EnvironmentState.RUNNING);
        move(stopped, EnvironmentState.STOPPING);
        move(stopped, EnvironmentState.STOPPED);
        EnvironmentId deleted = claimed(template(null));
        move(deleted, EnvironmentState.RUNNING);
        environments.update(deleted, current -> Optional.of(current.removalRequested()), null);
        // the fleet sweep of another worker, for which this one is silent
        new EnvironmentSweep(
                        new EnvironmentHost(
                                runtime,
                                records,
                                TestWorkerProperties.of("another-" + RUN, List.of()),
                                settings,
                                json,
                                Clock.systemUTC()),
                        images,
                        records,
                        runtime,
                        new SilentRegistry(),
                        new NoPublisher(),
                        settings,
                        json,
                        Clock.systemUTC())
                .sweepFleet();

        assertThat(record(running).state()).isEqualTo(EnvironmentState.LOST);
        assertThat(record(running).error()).contains(ME.value());
        assertThat(record(stopped).state())
                .as("it holds nothing; LOST would count it again")
                .isEqualTo(EnvironmentState.STOPPED);
        assertThat(record(deleted).state()).isEqualTo(EnvironmentState.REMOVED);
    }

    @Test
    void theSweepExpiresAnEnvironmentPastItsLifetimeAndRemovesItsContainer() {
        EnvironmentId id = claimed(template(null));
        host.create(id);
        String container = record(id).containerId();
        environments.update(
                id, current -> Optional.of(current.expiringAt(Instant.now().minusSeconds(1))), null);

        sweep.sweepHosted();

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(record(id).state()).isEqualTo(EnvironmentState.EXPIRED));
        assertThat(runtime.inspect(container).state()).isEqualTo(ContainerStatus.State.MISSING);
        assertThat(redis.opsForSet().members(RedisKeys.workerEnvironments(ME))).isEmpty();
    }

    @Test
    void theSweepStopsAnEnvironmentIdleForItsTemplatesIdleStopAfterAndKeepsItsContainer() {
        EnvironmentId id = claimed(template(Duration.ofSeconds(1)));
        host.create(id);
        environments.update(
                id, current -> Optional.of(current.activeAt(Instant.now().minusSeconds(5))), null);

        sweep.sweepHosted();

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(record(id).state()).isEqualTo(EnvironmentState.STOPPED));
        assertThat(record(id).error()).startsWith("stopped after PT1S");
        assertThat(runtime.inspect(record(id).containerId()).state()).isEqualTo(ContainerStatus.State.EXITED);
    }

    @Test
    void aLabelledContainerOfThisWorkerThatNoHostedEnvironmentOwnsIsRemovedAfterTheGrace() {
        EnvironmentId id = claimed(template(null));
        host.create(id);
        String container = record(id).containerId();
        environments.update(
                id, current -> Optional.of(current.withState(EnvironmentState.REMOVED, Instant.now())), null);

        sweep.sweepHosted(); // first seen
        sweep.sweepHosted(); // past a grace of zero

        assertThat(runtime.inspect(container).state()).isEqualTo(ContainerStatus.State.MISSING);
    }

    @Test
    void anExecIsAnsweredOnTheReplyListAndOneForAStoppedEnvironmentSaysWhy() throws Exception {
        EnvironmentId id = claimed(template(null));
        host.create(id);
        String key = RedisKeys.execReply(UUID.randomUUID().toString());

        host.exec(new EnvironmentCommand.Exec(id, List.of("sh", "-c", "echo out; echo err >&2; exit 4"), 10, key));

        assertThat(redis.getExpire(key)).as("an answer nobody takes lapses").isPositive();
        EnvironmentCommand.ExecReply reply =
                json.readValue(redis.opsForList().leftPop(key), EnvironmentCommand.ExecReply.class);
        assertThat(reply.exitCode()).isEqualTo(4);
        assertThat(reply.stdout()).isEqualTo("out\n");
        assertThat(reply.stderr()).isEqualTo("err\n");
        move(id, EnvironmentState.STOPPING);
        host.settle(id);
        host.exec(new EnvironmentCommand.Exec(id, List.of("true"), 10, key));
        EnvironmentCommand.ExecReply refused =
                json.readValue(redis.opsForList().leftPop(key), EnvironmentCommand.ExecReply.class);
        assertThat(refused.exitCode()).isNull();
        assertThat(refused.error()).contains("STOPPED");
    }

    @Test
    void theImageReportListsTheTemplatesImagesThisHostHasAndNoOthers() {
        storeTemplate("present", TestImage.BUSYBOX);
        storeTemplate("absent", "127.0.0.1:5000/slipway-it/never-" + RUN + ":1");

        images.report();

        Map<Object, Object> report = redis.opsForHash().entries(RedisKeys.workerImages(ME));
        assertThat(report).containsOnlyKeys(TestImage.BUSYBOX);
        HostImage busybox = json.readValue(report.get(TestImage.BUSYBOX).toString(), HostImage.class);
        assertThat(busybox.imageId()).startsWith("sha256:");
        assertThat(busybox.sizeBytes()).isPositive();
        assertThat(redis.getExpire(RedisKeys.workerImages(ME)))
                .as("a report lapses")
                .isPositive();
    }

    @Test
    void aPullFromTheRegistryEndsDoneWithItsLayersAndAPullOfAMissingImageEndsFailedSayingWhy() throws Exception {
        String reference = "127.0.0.1:5000/slipway-it/box-" + RUN + ":1";
        run("docker", "tag", TestImage.BUSYBOX, reference);
        run("docker", "push", reference);
        run("docker", "rmi", reference);
        try {
            images.pull(new EnvironmentCommand.PullImage("pull-" + RUN, reference));

            ImagePullProgress done = progressOf("pull-" + RUN);
            assertThat(done.state()).isEqualTo(ImagePullProgress.State.DONE);
            assertThat(done.layersTotal()).isPositive();
            assertThat(done.layersDone()).isEqualTo(done.layersTotal());
            assertThat(runtime.image(reference)).isPresent();

            images.pull(
                    new EnvironmentCommand.PullImage("missing-" + RUN, "127.0.0.1:5000/slipway-it/none-" + RUN + ":1"));
            ImagePullProgress failed = progressOf("missing-" + RUN);
            assertThat(failed.state()).isEqualTo(ImagePullProgress.State.FAILED);
            assertThat(failed.error()).contains("could not be pulled");
        } finally {
            new ProcessBuilder("docker", "rmi", reference).start().waitFor();
        }
    }

    private ImagePullProgress progressOf(String pullId) {
        Object field = redis.opsForHash().get(RedisKeys.imagePull(pullId), "worker:" + ME.value());
        assertThat(field).as("progress of %s", pullId).isNotNull();
        return json.readValue(field.toString(), ImagePullProgress.class);
    }

    private void storeTemplate(String name, String image) {
        redis.opsForValue()
                .set(
                        RedisKeys.template(name),
                        "{\"template\":{\"name\":\"" + name + "\",\"image\":\"" + image + "\"}}");
        redis.opsForZSet().add(RedisKeys.TEMPLATES, name, 0);
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor())
                .as("%s: %s", String.join(" ", command), output)
                .isZero();
    }

    /** A new environment, claimed by this worker (CREATING), as the intake leaves it. */
    private EnvironmentId claimed(EnvironmentTemplate template) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        EnvironmentId id = EnvironmentId.of(UUID.randomUUID().toString());
        EnvironmentRecord pending = new EnvironmentRecord(
                id,
                "it",
                "alice",
                template,
                EnvironmentState.PENDING,
                null,
                null,
                now,
                now,
                now.plus(Duration.ofHours(1)),
                now,
                null,
                false,
                null);
        assertThat(environments.create(pending, new EnvironmentQuota(10, 10, 10_000)))
                .isEmpty();
        assertThat(environments.update(id, current -> Optional.of(current.placedOn(ME, now)), null))
                .isInstanceOf(EnvironmentUpdate.Applied.class);
        return id;
    }

    private void move(EnvironmentId id, EnvironmentState state) {
        assertThat(environments.update(id, current -> Optional.of(current.withState(state, Instant.now())), null))
                .isInstanceOf(EnvironmentUpdate.Applied.class);
    }

    private EnvironmentRecord record(EnvironmentId id) {
        return environments.find(id).orElseThrow();
    }

    private boolean isRunning(String container) {
        return Boolean.TRUE.equals(
                docker.inspectContainerCmd(container).exec().getState().getRunning());
    }

    private List<Container> containersOfThisWorker() {
        return docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of("slipway.worker", ME.value()))
                .exec();
    }

    private static EnvironmentTemplate template(@Nullable Duration idleStopAfter) {
        return TestTemplates.busybox(new Resources(0.5, 64, 64), idleStopAfter);
    }

    private static WorkerProperties properties() {
        return TestWorkerProperties.of(ME.value(), List.of("CHOWN", "DAC_OVERRIDE", "SETUID", "SETGID", "KILL"));
    }

    /** Only the hosted sweep runs here: the fleet's part, which asks these, is EnvironmentsE2E's. */
    private static final class NoRegistry implements WorkerRegistry {
        @Override
        public WorkerAdmin admin(WorkerId worker) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, Map<String, String>> routes(String pool) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<WorkerStatus> status(WorkerId worker) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void report(WorkerStatus status, Duration forgetAfter) {
            throw new UnsupportedOperationException();
        }
    }

    /** Every other worker has stopped heartbeating. */
    private static final class SilentRegistry implements WorkerRegistry {
        @Override
        public WorkerAdmin admin(WorkerId worker) {
            return WorkerAdmin.SCHEDULABLE;
        }

        @Override
        public Map<String, Map<String, String>> routes(String pool) {
            return Map.of();
        }

        @Override
        public Optional<WorkerStatus> status(WorkerId worker) {
            return Optional.empty();
        }

        @Override
        public void report(WorkerStatus status, Duration forgetAfter) {}
    }

    private static final class NoPublisher implements JobPublisher {
        @Override
        public void publish(JobMessage message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void publish(String route, String messageId, byte[] body) {
            throw new UnsupportedOperationException();
        }

        @Override
        public OptionalLong backlog(String route) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean removeIdleRoute(String route) {
            throw new UnsupportedOperationException();
        }
    }
}
