package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.model.JobTopology;
import dev.slipway.testing.TestServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Jobs survive the loss of the RabbitMQ node that leads their pool's quorum queue. A 3-node cluster
 * of this machine's rabbitmq-server ({@code deploy/dev/rabbit-cluster.sh}), a gateway and two
 * workers given all three addresses, 100 short jobs, and the leader SIGKILLed while they run, then
 * started again. Every job must end SUCCEEDED exactly once with its output, and leave no container.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RabbitClusterE2E {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String POOL = "cluster-" + RUN;
    private static final String QUEUE = JobTopology.queueFor(POOL);
    /** The nodes rabbit-cluster.sh starts, listening for AMQP from FIRST_PORT on, in this order. */
    private static final List<String> NODES =
            List.of("slipway-a@localhost", "slipway-b@localhost", "slipway-c@localhost");

    private static final int FIRST_PORT = 5681;
    private static final String ADDRESSES =
            "127.0.0.1:%d,127.0.0.1:%d,127.0.0.1:%d".formatted(FIRST_PORT, FIRST_PORT + 1, FIRST_PORT + 2);
    private static final int JOBS = 100;
    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT");
    /** A worker log line for a message whose job had already moved on: a redelivery. */
    private static final String IGNORED = "ignoring the message";
    /** A worker log line for a claimed message whose ack was lost with its connection. */
    private static final String UNACKED = "Could not acknowledge a claimed job message";

    private static final Duration PROBE_PATIENCE = Duration.ofSeconds(20);

    private static final long startedAt = System.nanoTime();
    private static Path script;
    private static Path clusterDir;
    private static volatile boolean clusterStarted;
    private static final List<SlipwayProcess> processes = new ArrayList<>();
    private static SlipwayApi api;

    @BeforeAll
    static void startTheClusterAGatewayAndTwoWorkers() throws Exception {
        assumeThat(Host.onPath("rabbitmq-server")
                        || Files.isExecutable(Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server")))
                .as("rabbitmq-server installed on this machine")
                .isTrue();
        script = Path.of(System.getProperty("slipway.repo.root", "..")).resolve("deploy/dev/rabbit-cluster.sh");
        clusterDir = Files.createTempDirectory("slipway-rabbit-cluster-");
        clusterStarted = true; // from here on, whatever part of it started is stopped
        // The nodes run in a session of their own, so a Ctrl-C of the build does not reach them.
        Runtime.getRuntime().addShutdownHook(new Thread(RabbitClusterE2E::stopTheCluster));
        cluster(Duration.ofMinutes(3), "start");

        SlipwayProcess gateway =
                start("cluster-gateway-" + RUN, "slipway.gateway.jar", onTheCluster(TestServices.springProperties(5)));
        start("cluster-worker-1-" + RUN, "slipway.worker.jar", worker(1));
        start("cluster-worker-2-" + RUN, "slipway.worker.jar", worker(2));
        for (SlipwayProcess process : processes) {
            process.awaitHealthy(Duration.ofSeconds(90));
        }
        api = new SlipwayApi(gateway.baseUrl());
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (SlipwayProcess process : processes) {
            process.close();
        }
        if (clusterDir != null) {
            stopTheCluster();
            keepTheNodeLogs();
            if (!clusterStarted) { // else the nodes' data stays for a look, and for stopping them by hand
                deleteRecursively(clusterDir);
            }
        }
    }

    @Test
    void jobsSurviveTheLossOfTheNodeLeadingTheirQueue() throws Exception {
        JsonNode declared = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(
                        RabbitClusterE2E::poolQueue,
                        queue -> queue.get("members").size() == 3);
        assertThat(declared.get("type").asString()).isEqualTo("quorum");
        assertThat(declared.get("members")).extracting(JsonNode::asString).containsExactlyInAnyOrderElementsOf(NODES);

        List<String> ids = new ArrayList<>();
        for (int n = 0; n < JOBS; n++) {
            ids.add(api.submit(SlipwayApi.jobBody(POOL, List.of("sleep 0.5", "echo done-" + n), 120)));
        }
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> count(ids, "SUCCEEDED") >= 10);

        String leader = poolQueue().get("leader").asString();
        long running = count(ids, "RUNNING");
        long queued = count(ids, "QUEUED");
        Instant killedAt = Instant.now();
        ProcessHandle beam = ProcessHandle.of(pidOf(leader)).orElseThrow();
        beam.destroyForcibly(); // SIGKILL: no clean shutdown, no handing the queue's leadership over
        beam.onExit().get(10, TimeUnit.SECONDS);

        // New submissions on the survivors: on RabbitMQ 3.10 a channel that first publishes during the
        // election is nacked for as long as it stays open, so the publisher closes a refused channel.
        int refused = 0;
        String probe = null;
        while (probe == null && Duration.between(killedAt, Instant.now()).compareTo(PROBE_PATIENCE) < 0) {
            try {
                probe = api.submit(SlipwayApi.jobBody(POOL, List.of("echo probe"), 120));
            } catch (AssertionError | IOException notYet) {
                refused++;
                Thread.sleep(200);
            }
        }
        String accepted = probe == null
                ? "none accepted within " + PROBE_PATIENCE.toSeconds() + " s"
                : "one accepted " + Duration.between(killedAt, Instant.now()).toMillis() + " ms after the kill";
        assertThat(probe)
                .as("a submission accepted within %s of the kill (%d refused)", PROBE_PATIENCE, refused)
                .isNotNull();
        ids.add(probe);
        Instant restarting = Instant.now();
        cluster(Duration.ofMinutes(2), "start"); // the killed node comes back and rejoins
        Duration down = Duration.between(killedAt, Instant.now());
        Duration restart = Duration.between(restarting, Instant.now());

        List<Instant> claims = new ArrayList<>();
        for (int n = 0; n < ids.size(); n++) {
            String id = ids.get(n);
            JsonNode job = api.awaitTerminal(id, Duration.ofMinutes(2));
            assertThat(job.get("state").asString()).as("job %s", id).isEqualTo("SUCCEEDED");
            List<JsonNode> events = api.stateEvents(id);
            assertThat(events)
                    .as("terminal events of job %s", id)
                    .extracting(event -> event.get("to").asString())
                    .filteredOn(TERMINAL::contains)
                    .containsExactly("SUCCEEDED");
            events.stream()
                    .filter(event -> event.get("to").asString().equals("RUNNING"))
                    .forEach(event -> claims.add(Instant.parse(event.get("at").asString())));
            assertThat(api.log(id)).as("log of job %s", id).contains(n < JOBS ? "done-" + n : "probe");
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String id : ids) {
                assertThat(Host.containersOf(id)).as("containers of job %s", id).isEmpty();
            }
        });
        JsonNode after = poolQueue();
        assertThat(after.get("members")).extracting(JsonNode::asString).containsExactlyInAnyOrderElementsOf(NODES);
        assertThat(after.get("online")).extracting(JsonNode::asString).containsExactlyInAnyOrderElementsOf(NODES);

        System.out.println("RabbitClusterE2E: killed " + leader + ", the leader of " + QUEUE + ", with " + running
                + " jobs running and " + queued + " queued. Submissions after it: " + refused + " refused, "
                + accepted + ". " + claimsAround(claims, killedAt) + " The node was back " + down.toMillis()
                + " ms after the kill (its restart took " + restart.toMillis() + " ms); the queue is led by "
                + after.get("leader").asString() + ". "
                + retried(ids) + " jobs ran more than one attempt; " + workerLines(UNACKED)
                + " claimed messages could not be acknowledged and " + workerLines(IGNORED)
                + " redeliveries were ignored. " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedAt)
                + " s in all.");
    }

    /** When jobs flowed again: the first claim after the kill, and the longest pause between claims across it. */
    private static String claimsAround(List<Instant> claims, Instant killedAt) {
        List<Instant> sorted = claims.stream().sorted().toList();
        List<Long> gapsBefore = new ArrayList<>();
        long longestAcross = 0;
        for (int i = 1; i < sorted.size(); i++) {
            long gap = Duration.between(sorted.get(i - 1), sorted.get(i)).toMillis();
            if (sorted.get(i).isBefore(killedAt)) {
                gapsBefore.add(gap);
            } else {
                longestAcross = Math.max(longestAcross, gap);
            }
        }
        gapsBefore.sort(Comparator.naturalOrder());
        Instant firstAfter =
                sorted.stream().filter(at -> at.isAfter(killedAt)).findFirst().orElse(killedAt);
        return "%d claims from %s to %s; the first after the kill came %d ms after it, and the longest pause between claims from the kill on was %d ms (median before the kill: %d ms)."
                .formatted(
                        sorted.size(),
                        sorted.getFirst(),
                        sorted.getLast(),
                        Duration.between(killedAt, firstAfter).toMillis(),
                        longestAcross,
                        gapsBefore.isEmpty() ? 0 : gapsBefore.get(gapsBefore.size() / 2));
    }

    private static long retried(List<String> ids) throws Exception {
        long retried = 0;
        for (String id : ids) {
            retried += api.job(id).get("attempt").asInt() > 1 ? 1 : 0;
        }
        return retried;
    }

    private static long workerLines(String containing) throws IOException {
        long lines = 0;
        for (SlipwayProcess process : processes) {
            lines += process.output()
                    .lines()
                    .filter(line -> line.contains(containing))
                    .count();
        }
        return lines;
    }

    private static void stopTheCluster() {
        if (!clusterStarted) {
            return;
        }
        try {
            cluster(Duration.ofSeconds(90), "stop");
            clusterStarted = false;
        } catch (Exception | AssertionError e) {
            System.err.println("RabbitClusterE2E: could not stop the cluster in " + clusterDir + ": " + e);
        }
    }

    private static SlipwayProcess start(String name, String jar, Map<String, String> properties) throws IOException {
        SlipwayProcess process = SlipwayProcess.start(name, jar, properties);
        processes.add(process);
        return process;
    }

    private static Map<String, String> worker(int n) {
        Map<String, String> properties =
                SlipwayProcess.quickRecoveryWorker("cluster-worker-" + n + "-" + RUN, POOL, "10s");
        properties.put("spring.data.redis.database", "5"); // not 3, which the other end-to-end tests share
        return onTheCluster(properties);
    }

    /** The same properties with the cluster's three addresses instead of the test broker's host and port. */
    private static Map<String, String> onTheCluster(Map<String, String> properties) {
        Map<String, String> onCluster = new HashMap<>(properties);
        onCluster.remove("spring.rabbitmq.host");
        onCluster.remove("spring.rabbitmq.port");
        onCluster.put("spring.rabbitmq.addresses", ADDRESSES);
        return onCluster;
    }

    /** How many of the jobs the gateway lists in that state. */
    private static long count(List<String> ids, String state) throws Exception {
        JsonNode page = SlipwayApi.parse(
                api.get("/api/v1/jobs?state=" + state + "&limit=500").body());
        Set<String> ours = Set.copyOf(ids);
        long found = 0;
        for (JsonNode job : page.get("items")) {
            found += ours.contains(job.get("id").asString()) ? 1 : 0;
        }
        return found;
    }

    /** The pool's queue as a running node of the cluster sees it: type, leader, members, online members. */
    private static JsonNode poolQueue() throws Exception {
        Map<String, String> status = clusterStatus();
        String asked = NODES.stream()
                .filter(node -> status.get(node).equals("running"))
                .findFirst()
                .orElseThrow();
        JsonNode queues = SlipwayApi.parse(cluster(
                Duration.ofSeconds(60),
                "ctl",
                asked,
                "list_queues",
                "--quiet",
                "--formatter",
                "json",
                "name",
                "type",
                "leader",
                "members",
                "online"));
        for (JsonNode queue : queues) {
            if (queue.get("name").asString().equals(QUEUE)) {
                return queue;
            }
        }
        throw new IllegalStateException(QUEUE + " is not declared on " + asked + ": " + queues);
    }

    private static long pidOf(String node) throws Exception {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(node) + "\\t\\S+\\t(\\d+)\\trunning$")
                .matcher(cluster(Duration.ofSeconds(30), "status"));
        assertThat(line.find()).as("%s running", node).isTrue();
        return Long.parseLong(line.group(1));
    }

    /** Each node's state (running, stopped) by the script's status, which exits 3 when a node is down. */
    private static Map<String, String> clusterStatus() throws Exception {
        Map<String, String> states = new LinkedHashMap<>();
        for (String line : run(
                        Duration.ofSeconds(30),
                        Set.of(0, 3),
                        List.of(script.toString(), "status", clusterDir.toString()))
                .split("\n", -1)) {
            String[] columns = line.split("\t", -1);
            if (columns.length == 4) {
                states.put(columns[0], columns[3]);
            }
        }
        return states;
    }

    /** Runs rabbit-cluster.sh with the cluster's directory; fails unless it exits 0. */
    private static String cluster(Duration timeout, String command, String... arguments) throws Exception {
        List<String> argv = new ArrayList<>(List.of(script.toString(), command, clusterDir.toString()));
        argv.addAll(List.of(arguments));
        return run(timeout, Set.of(0), argv);
    }

    /**
     * Output goes to a file, not a pipe: a daemon the script starts (epmd, when none runs) would keep
     * a pipe open, and reading it would never end.
     */
    private static String run(Duration timeout, Set<Integer> exitCodes, List<String> argv) throws Exception {
        Path out = Files.createTempFile("rabbit-cluster-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(argv);
            builder.environment().put("RABBIT_CLUSTER_PORT", String.valueOf(FIRST_PORT));
            Process process = builder.redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(argv + " did not finish within " + timeout + ":\n" + Files.readString(out));
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(exitCodes).as("exit code of %s: %s", argv, output).contains(process.exitValue());
            return output;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The nodes' own logs, beside the jars' under target/e2e-logs, before their directory goes. */
    private static void keepTheNodeLogs() throws IOException {
        Path kept = Path.of(System.getProperty("slipway.e2e.logs", "target/e2e-logs"))
                .resolve("rabbit-cluster");
        Files.createDirectories(kept);
        for (String node : NODES) {
            Path log = clusterDir.resolve(node.substring(0, node.indexOf('@'))).resolve("log");
            if (Files.isDirectory(log)) {
                try (Stream<Path> files = Files.list(log)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        Files.copy(file, kept.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
