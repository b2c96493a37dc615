package dev.slipway.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import dev.slipway.model.JobEvent;
import dev.slipway.model.JobFields;
import dev.slipway.model.JobId;
import dev.slipway.model.JobMessage;
import dev.slipway.model.JobSpec;
import dev.slipway.model.JobState;
import dev.slipway.model.JobTopology;
import dev.slipway.model.LogChunkText;
import dev.slipway.model.LogStream;
import dev.slipway.model.RedisKeys;
import dev.slipway.model.Resources;
import dev.slipway.testing.LogChunks;
import dev.slipway.testing.LogLine;
import dev.slipway.testing.TestImage;
import dev.slipway.testing.TestJobSpecs;
import dev.slipway.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** A worker against the real RabbitMQ, Redis and Docker engine: a job message in, a finished job out. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class JobRunnerIntegrationTest {

    private static final String POOL = "it-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String WORKER = "it-worker-" + POOL;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.springProperties(2).forEach((key, value) -> registry.add(key, () -> value));
        registry.add("slipway.worker.pools", () -> POOL);
        registry.add("slipway.worker.id", () -> WORKER);
        registry.add("slipway.worker.slots", () -> "3");
        registry.add("slipway.worker.stop-grace-period", () -> "1s");
        registry.add("slipway.worker.pull-timeout", () -> "60s");
        // the dead-letter test below looks into the queue itself; DeadLetterSweepIntegrationTest covers the sweep
        registry.add("slipway.worker.recovery.dead-letter-interval", () -> "1h");
        registry.add("slipway.worker.jobs.network", () -> NETWORK);
        registry.add("slipway.worker.max-disk", () -> "40MB");
        registry.add("slipway.worker.disk-check-interval", () -> "500ms");
    }

    private static final String NETWORK = "slipway-it-" + POOL;

    @org.junit.jupiter.api.AfterAll
    static void removeTheJobNetwork(@Autowired DockerClient docker) {
        for (var network : docker.listNetworksCmd().withNameFilter(NETWORK).exec()) {
            docker.removeNetworkCmd(network.getId()).exec();
        }
    }

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    JsonMapper json;

    @Autowired
    DockerClient docker;

    private final List<JobId> jobs = new java.util.ArrayList<>();

    @AfterEach
    void noContainerOfTheseJobsIsLeft() {
        for (JobId job : jobs) {
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(containersOf(job)).isEmpty());
        }
    }

    @Test
    void aScriptRunsToSuccessWithStdoutAndStderrEachRecordedInOrder() {
        JobId job = submit(spec(List.of("echo hello", "echo oops >&2", "seq 1 500"), null, 600));

        Map<Object, Object> record = awaitTerminal(job);

        assertThat(record)
                .containsEntry(JobFields.STATE, "SUCCEEDED")
                .containsEntry(JobFields.EXIT_CODE, "0")
                .containsEntry(JobFields.ATTEMPT, "1")
                .containsEntry(JobFields.WORKER, WORKER);
        // Docker copies the two pipes independently: order is kept within a stream, not across them.
        List<LogLine> lines = logLines(job);
        assertThat(lines)
                .filteredOn(line -> line.stream() == LogStream.STDERR)
                .extracting(LogLine::text)
                .containsExactly("oops");
        assertThat(lines)
                .filteredOn(line -> line.stream() == LogStream.STDOUT)
                .extracting(LogLine::text)
                .hasSize(501)
                .startsWith("hello", "1", "2")
                .endsWith("498", "499", "500");
        assertThat(logEnd(job)).isEqualTo(new JobEvent.LogEnd(job, 1, JobState.SUCCEEDED, 0));
    }

    /**
     * Containers that print and exit at once, each line recorded once. With a log replay on attach,
     * the engine could read its log file while the live stream carried the same lines: a loaded CI
     * run once got every line twice. This test does not force that race (it did not show on an idle
     * machine, nor with busy threads); it holds the property wherever the race does show.
     */
    @Test
    void theOutputOfContainersThatEndAtOnceIsRecordedExactlyOnce() {
        List<JobId> quick = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            quick.add(submit(spec(List.of("echo one " + i, "echo two " + i), null, 600)));
        }

        for (int i = 0; i < quick.size(); i++) {
            assertThat(awaitTerminal(quick.get(i))).containsEntry(JobFields.STATE, "SUCCEEDED");
            assertThat(logLines(quick.get(i)))
                    .extracting(LogLine::text)
                    .as("job %d", i)
                    .containsExactly("one " + i, "two " + i);
        }
    }

    /** A line over the 16 KB limit arrives from Docker in several frames and leaves in pieces, whole and in order. */
    @Test
    void aLineLongerThanTheLimitIsRecordedInPiecesWithNothingLost() {
        JobId job = submit(spec(
                List.of("i=0; while [ $i -lt 4000 ]; do printf 0123456789; i=$((i+1)); done; echo", "echo after"),
                null,
                600));

        assertThat(awaitTerminal(job)).containsEntry(JobFields.STATE, "SUCCEEDED");
        List<String> texts = logLines(job).stream().map(LogLine::text).toList();
        assertThat(texts.getLast()).isEqualTo("after");
        assertThat(texts.subList(0, texts.size() - 1))
                .hasSize(3)
                .allSatisfy(piece -> assertThat(piece).hasSizeLessThanOrEqualTo(16 * 1024));
        assertThat(String.join("", texts.subList(0, texts.size() - 1))).isEqualTo("0123456789".repeat(4000));
    }

    @Test
    void aFailingLineEndsTheScriptAndTheJobFailsWithItsExitCode() {
        JobId job = submit(spec(List.of("echo before", "sh -c 'exit 3'", "echo after"), null, 600));

        Map<Object, Object> record = awaitTerminal(job);

        assertThat(record)
                .containsEntry(JobFields.STATE, "FAILED")
                .containsEntry(JobFields.EXIT_CODE, "3")
                .containsEntry(JobFields.ERROR, "");
        assertThat(logLines(job)).extracting(LogLine::text).containsExactly("before");
    }

    @Test
    void aCommandIsPassedAsArgvWithTheEnvironmentAndWorkdir() {
        JobSpec spec = new JobSpec(
                TestImage.BUSYBOX,
                null,
                List.of("sh", "-c", "echo \"$GREETING from $(pwd)\""),
                Map.of("GREETING", "hi there"),
                "/tmp",
                new Resources(0.5, 64, 64),
                600,
                POOL,
                Map.of(),
                1,
                Map.of(),
                List.of(),
                null,
                0,
                null);
        JobId job = submit(spec);

        assertThat(awaitTerminal(job)).containsEntry(JobFields.STATE, "SUCCEEDED");
        assertThat(logLines(job)).extracting(LogLine::text).containsExactly("hi there from /tmp");
    }

    @Test
    void anImageThatCannotBePulledFailsTheJobWithAClearError() {
        JobId job = submit(new JobSpec(
                "slipway-test/no-such-image:1",
                List.of("true"),
                null,
                Map.of(),
                null,
                new Resources(0.5, 64, 64),
                600,
                POOL,
                Map.of(),
                1,
                Map.of(),
                List.of(),
                null,
                0,
                null));

        Map<Object, Object> record = awaitTerminal(job);

        assertThat(record).containsEntry(JobFields.STATE, "FAILED").containsEntry(JobFields.EXIT_CODE, "");
        assertThat(record.get(JobFields.ERROR).toString())
                .contains("slipway-test/no-such-image:1", "could not be pulled");
        assertThat(logLines(job))
                .extracting(LogLine::text)
                .anySatisfy(text -> assertThat(text).contains("could not be pulled"));
    }

    @Test
    void theContainerIsLabelledLimitedAndStrippedOfPrivileges() {
        JobId job = submit(spec(List.of("grep -E '^(CapEff|NoNewPrivs)' /proc/self/status", "sleep 2"), null, 600));

        Container container = await().atMost(Duration.ofSeconds(20))
                .until(() -> containersOf(job), list -> !list.isEmpty())
                .getFirst();
        InspectContainerResponse inspected =
                docker.inspectContainerCmd(container.getId()).exec();

        assertThat(inspected.getConfig().getLabels())
                .containsEntry("slipway.job", job.value())
                .containsEntry("slipway.attempt", "1")
                .containsEntry("slipway.worker", WORKER);
        var host = inspected.getHostConfig();
        assertThat(host.getMemory()).isEqualTo(64L * 1024 * 1024);
        assertThat(host.getNanoCPUs()).isEqualTo(500_000_000L);
        assertThat(host.getPidsLimit()).isEqualTo(64L);
        assertThat(host.getPrivileged()).isFalse();
        assertThat(host.getSecurityOpts()).contains("no-new-privileges");
        assertThat(host.getNetworkMode()).as("the worker's job network").isEqualTo(NETWORK);
        assertThat(docker.inspectNetworkCmd().withNetworkId(NETWORK).exec().getOptions())
                .containsEntry("com.docker.network.bridge.enable_icc", "false");
        assertThat(host.getLogConfig().getType())
                .as("no engine-side copy of the output")
                .isEqualTo(com.github.dockerjava.api.model.LogConfig.LoggingType.NONE);
        assertThat(awaitTerminal(job)).containsEntry(JobFields.STATE, "SUCCEEDED");
        // CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, SETGID, SETUID are bits 0, 1, 3, 4, 5, 6, 7.
        assertThat(logLines(job))
                .extracting(LogLine::text)
                .containsExactly("CapEff:\t00000000000000fb", "NoNewPrivs:\t1");
    }

    @Test
    void theContainerRunsAsTheUserTheJobNames() {
        JobSpec spec =
                TestJobSpecs.script(POOL, "id -u", "id -g").user("65534:65533").build();
        JobId job = submit(spec);

        assertThat(awaitTerminal(job)).containsEntry(JobFields.STATE, "SUCCEEDED");
        assertThat(logLines(job)).extracting(LogLine::text).containsExactly("65534", "65533");
    }

    /**
     * A message that never passed a gateway's checks (here: a CPU share Docker would read as "no
     * limit") ends FAILED with the worker's reason on its first attempt, with no container made.
     */
    @Test
    void aJobOverTheWorkersOwnLimitsIsRefusedWithoutAContainerOrARetry() {
        JobSpec spec = TestJobSpecs.script(POOL, "true")
                .workdir("/proc/self/fd/8")
                .resources(1e-10, 64, 64)
                .maxAttempts(3)
                .build();
        JobId job = submit(spec);

        Map<Object, Object> record = awaitTerminal(job);

        assertThat(record).containsEntry(JobFields.STATE, "FAILED").containsEntry(JobFields.ATTEMPT, "1");
        assertThat(record.get(JobFields.ERROR).toString())
                .contains("this worker refuses the job", "resources.cpus", "workdir must not be in /proc");
        assertThat(containersOf(job)).isEmpty();
    }

    /** Inter-container traffic is off on the job network: a job cannot reach a service another job runs. */
    @Test
    void aJobCannotReachAnotherContainerOnTheJobNetwork() {
        JobId first = submit(spec(List.of("true"), null, 600)); // makes the job network
        assertThat(awaitTerminal(first)).containsEntry(JobFields.STATE, "SUCCEEDED");
        String helper = docker.createContainerCmd(TestImage.BUSYBOX)
                .withCmd("httpd", "-f", "-p", "7000")
                .withLabels(Map.of("slipway.test", "network-isolation"))
                .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig()
                        .withNetworkMode(NETWORK))
                .exec()
                .getId();
        try {
            docker.startContainerCmd(helper).exec();
            String address = docker.inspectContainerCmd(helper)
                    .exec()
                    .getNetworkSettings()
                    .getNetworks()
                    .get(NETWORK)
                    .getIpAddress();
            // the helper serves: the host reaches it, so only the network can keep the job from it
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                try (java.net.Socket socket = new java.net.Socket()) {
                    socket.connect(new java.net.InetSocketAddress(address, 7000), 500);
                    return true;
                }
            });

            JobId job = submit(spec(
                    List.of("if nc -w 3 " + address + " 7000 </dev/null; then echo reached; else echo unreachable; fi"),
                    null,
                    600));

            assertThat(awaitTerminal(job)).containsEntry(JobFields.STATE, "SUCCEEDED");
            assertThat(logLines(job))
                    .extracting(LogLine::text)
                    .contains("unreachable")
                    .doesNotContain("reached");
        } finally {
            docker.removeContainerCmd(helper).withForce(true).exec();
        }
    }

    /**
     * Nor any port of its host, where Redis, RabbitMQ, a gateway or the worker itself may listen on
     * every address: the host firewall rule for job networks (deploy/host/job-firewall.sh, which
     * deploy/dev/provision.sh installs) rejects them. A container on Docker's default bridge reaches
     * the same listener, so it is the job network that keeps the job out.
     */
    @Test
    void aJobCannotOpenAConnectionToRedisRabbitMqOrAnyServiceOfItsHost() throws Exception {
        JobId first = submit(spec(List.of("true"), null, 600)); // makes the job network
        assertThat(awaitTerminal(first)).containsEntry(JobFields.STATE, "SUCCEEDED");
        String bridgeAddress = bridgeOf(NETWORK);
        java.util.Set<String> hostAddresses = new java.util.LinkedHashSet<>(List.of(bridgeAddress));
        for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            nic.inetAddresses()
                    .filter(address -> address instanceof java.net.Inet4Address && !address.isLoopbackAddress())
                    .forEach(address -> hostAddresses.add(address.getHostAddress()));
        }
        try (java.net.ServerSocket gatewayStandIn = new java.net.ServerSocket(0)) { // on every address
            Thread.ofVirtual().start(() -> acceptAndClose(gatewayStandIn));
            List<Integer> ports = List.of(
                    gatewayStandIn.getLocalPort(),
                    TestServices.redis().port(),
                    TestServices.rabbitMq().port());
            List<String> probes = new java.util.ArrayList<>();
            for (String address : hostAddresses) {
                for (int port : ports) {
                    probes.add("if nc -w 2 " + address + " " + port + " </dev/null; then echo reached " + address + ":"
                            + port + "; else echo kept from " + address + ":" + port + "; fi");
                }
            }
            String control = docker.createContainerCmd(TestImage.BUSYBOX)
                    .withCmd(
                            "sh",
                            "-c",
                            "nc -w 2 " + otherThan(bridgeAddress, hostAddresses) + " " + ports.getFirst()
                                    + " </dev/null")
                    .withLabels(Map.of("slipway.test", "host-isolation"))
                    .exec()
                    .getId();
            try {
                docker.startContainerCmd(control).exec();
                assertThat(docker.waitContainerCmd(control)
                                .exec(new com.github.dockerjava.api.command.WaitContainerResultCallback())
                                .awaitStatusCode(30, java.util.concurrent.TimeUnit.SECONDS))
                        .as("a container on Docker's default bridge reaches the listener")
                        .isZero();
            } finally {
                docker.removeContainerCmd(control).withForce(true).exec();
            }

            JobId job = submit(spec(probes, null, 600));

            assertThat(awaitTerminal(job)).containsEntry(JobFields.STATE, "SUCCEEDED");
            assertThat(logLines(job))
                    .filteredOn(line -> line.stream() == LogStream.STDOUT)
                    .extracting(LogLine::text)
                    .hasSize(probes.size())
                    .allMatch(line -> line.startsWith("kept from "), "every probe was kept from its target");
        }
    }

    private static void acceptAndClose(java.net.ServerSocket server) {
        while (!server.isClosed()) {
            try {
                server.accept().close();
            } catch (java.io.IOException closed) {
                return;
            }
        }
    }

    private static String otherThan(String excluded, java.util.Set<String> addresses) {
        return addresses.stream()
                .filter(address -> !address.equals(excluded))
                .findFirst()
                .orElseThrow();
    }

    private String bridgeOf(String network) {
        return docker.inspectNetworkCmd()
                .withNetworkId(network)
                .exec()
                .getIpam()
                .getConfig()
                .getFirst()
                .getGateway();
    }

    @Test
    void aJobThatAsksForNoNetworkHasOnlyLoopback() {
        JobSpec spec =
                TestJobSpecs.script(POOL, "ls /sys/class/net").network("none").build();
        JobId job = submit(spec);

        assertThat(awaitTerminal(job)).containsEntry(JobFields.STATE, "SUCCEEDED");
        assertThat(logLines(job)).extracting(LogLine::text).containsExactly("lo");
    }

    @Test
    void aJobThatWritesMoreThanMaxDiskToItsFilesystemIsStoppedAndFailsWithTheReason() {
        JobId job = submit(spec(
                List.of("dd if=/dev/zero of=/fill bs=1M count=64 2>/dev/null", "echo written", "sleep 60"), null, 120));

        Map<Object, Object> record = awaitTerminal(job);

        assertThat(record).containsEntry(JobFields.STATE, "FAILED").containsEntry(JobFields.ATTEMPT, "1");
        assertThat(record.get(JobFields.ERROR))
                .asString()
                .contains("more than 40 MB")
                .contains("slipway.worker.max-disk");
        assertThat(logLines(job)).extracting(LogLine::text).contains("written");
    }

    @Test
    void aJobOverItsTimeoutIsStoppedAndEndsTimedOut() {
        JobId job = submit(spec(List.of("echo started", "sleep 60"), null, 1));

        Map<Object, Object> record = awaitTerminal(job);

        assertThat(record).containsEntry(JobFields.STATE, "TIMED_OUT");
        assertThat(record.get(JobFields.ERROR).toString()).contains("timeout of 1 s");
        assertThat(logLines(job)).extracting(LogLine::text).first().isEqualTo("started");
    }

    @Test
    void aMessageThatIsNotAJobGoesToTheDeadLetterQueue() {
        String marker = "not-json-" + UUID.randomUUID();
        rabbit.send(
                JobTopology.JOBS_EXCHANGE,
                POOL,
                MessageBuilder.withBody("{not json".getBytes(StandardCharsets.UTF_8))
                        .setMessageId(marker)
                        .build());

        Message dead = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> rabbit.receive(JobTopology.DEAD_LETTER_QUEUE, 500),
                        message -> message != null
                                && marker.equals(message.getMessageProperties().getMessageId()));

        assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("{not json");
    }

    @Test
    void aSecondDeliveryOfAFinishedJobIsIgnored() {
        JobSpec spec = spec(List.of("echo once"), null, 600);
        JobId job = submit(spec);
        awaitTerminal(job);

        publish(job, spec);

        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(redis.opsForHash().entries(RedisKeys.job(job)))
                        .containsEntry(JobFields.ATTEMPT, "1")
                        .containsEntry(JobFields.STATE, "SUCCEEDED"));
        assertThat(logLines(job)).extracting(LogLine::text).containsExactly("once");
    }

    private JobSpec spec(@Nullable List<String> script, @Nullable List<String> command, long timeoutSeconds) {
        return new JobSpec(
                TestImage.BUSYBOX,
                script,
                command,
                Map.of(),
                null,
                new Resources(0.5, 64, 64),
                timeoutSeconds,
                POOL,
                Map.of(),
                1,
                Map.of(),
                List.of(),
                null,
                0,
                null);
    }

    /** Records the job as the gateway does, then queues it. */
    private JobId submit(JobSpec spec) {
        JobId job = JobId.of(UUID.randomUUID().toString());
        jobs.add(job);
        long now = System.currentTimeMillis();
        redis.opsForHash()
                .putAll(
                        RedisKeys.job(job),
                        Map.of(
                                JobFields.SPEC, json.writeValueAsString(spec),
                                JobFields.STATE, "QUEUED",
                                JobFields.ATTEMPT, "0",
                                JobFields.CREATED_AT, String.valueOf(now),
                                JobFields.UPDATED_AT, String.valueOf(now)));
        redis.opsForZSet().add(RedisKeys.jobsInState(JobState.QUEUED), job.value(), 0);
        publish(job, spec);
        return job;
    }

    private void publish(JobId job, JobSpec spec) {
        rabbit.send(
                JobTopology.JOBS_EXCHANGE,
                POOL,
                MessageBuilder.withBody(json.writeValueAsBytes(JobMessage.first(job, spec)))
                        .build());
    }

    private Map<Object, Object> awaitTerminal(JobId job) {
        return await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> redis.opsForHash().entries(RedisKeys.job(job)),
                        record -> record.get(JobFields.STATE) != null
                                && JobState.valueOf(record.get(JobFields.STATE).toString())
                                        .isTerminal());
    }

    /** The payloads of the job's log stream, in order. */
    @SuppressWarnings("unchecked") // Spring Data Redis's read(StreamOffset...) is generic varargs
    private List<byte[]> logEntries(JobId job) {
        List<MapRecord<String, Object, Object>> entries =
                redis.opsForStream().read(StreamOffset.fromStart(RedisKeys.jobLog(job)));
        return entries.stream()
                .map(e -> e.getValue().get(RedisKeys.EVENT_FIELD).toString().getBytes(StandardCharsets.UTF_8))
                .toList();
    }

    /** The lines of the log chunks, as the gateway reads them. */
    private List<LogLine> logLines(JobId job) {
        return logEntries(job).stream()
                .filter(LogChunkText::isChunk)
                .flatMap(payload -> LogChunks.decode(payload).lines().stream())
                .toList();
    }

    /** The last entry of the log, which is JSON. */
    private JobEvent logEnd(JobId job) {
        return json.readValue(logEntries(job).getLast(), JobEvent.class);
    }

    private List<Container> containersOf(JobId job) {
        return docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of("slipway.job", job.value()))
                .exec();
    }
}
