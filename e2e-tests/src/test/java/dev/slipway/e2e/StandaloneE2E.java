package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.testing.SseTestClient;
import dev.slipway.testing.TestAuth;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * The README's first command as a newcomer runs it: in a clean clone of this repository (of its
 * committed HEAD), it builds and starts gateway and worker in one process, a job runs with its live
 * log, and a Ctrl-C (SIGINT to the command's process group, as a terminal sends it) stops everything
 * it started: no process, port or container is left.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneE2E {

    private static final Pattern EMBEDDED_REDIS = Pattern.compile("private redis-server \\(127\\.0\\.0\\.1:(\\d+)\\)");

    private static Path workspace;
    private static Path clone;
    private static String firstCommand;

    @BeforeAll
    static void cloneTheRepository() throws Exception {
        Path root = Path.of(System.getProperty("slipway.repo.root", ".."))
                .toAbsolutePath()
                .normalize();
        firstCommand = readmeFirstCommand(root.resolve("README.md"));
        workspace = Files.createTempDirectory("slipway-standalone-e2e");
        clone = workspace.resolve("slipway");
        run(workspace, "git", "clone", "--quiet", "--no-hardlinks", root.toString(), clone.toString());
    }

    @AfterAll
    static void removeTheClone() throws IOException {
        if (workspace != null) {
            try (Stream<Path> files = Files.walk(workspace)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void theReadmesFirstCommandBuildsRunsAJobWithItsLiveLogAndCtrlCLeavesNothingRunning() throws Exception {
        assertThat(firstCommand).isEqualTo("deploy/standalone.sh");
        Path output = workspace.resolve("embedded.log");
        Process command = start(
                output,
                Map.of(),
                "--services=embedded",
                "--port=18380",
                "--worker-port=18381",
                "--state-dir=" + workspace.resolve("state"));
        String banner = awaitBanner(command, output, Duration.ofMinutes(8));
        assertThat(banner).contains("slipway: up at http://localhost:18380").contains("in-process job broker");
        Path tokenFile = workspace.resolve("state").resolve("admin-token");
        assertThat(banner).contains("sign in as admin with the token in " + tokenFile + " (mode 0600)");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)))
                .isEqualTo("rw-------");
        String token = Files.readString(tokenFile).strip();
        assertThat(token).startsWith("slp_");
        Matcher redis = EMBEDDED_REDIS.matcher(banner);
        assertThat(redis.find())
                .as("the banner names the private redis-server's port")
                .isTrue();
        int redisPort = Integer.parseInt(redis.group(1));
        List<ProcessHandle> started = Stream.concat(Stream.of(command.toHandle()), command.descendants())
                .toList();
        assertThat(started)
                .extracting(process -> process.info().command().orElse(""))
                .anyMatch(name -> name.endsWith("java"))
                .anyMatch(name -> name.contains("redis-server"));

        SlipwayApi api = new SlipwayApi("http://localhost:18380", token);
        assertThat(api.as("slp_not-a-token").get("/api/v1/jobs").statusCode()).isEqualTo(401);
        String id = api.submit(SlipwayApi.jobBody(
                "default", List.of("for i in 1 2 3 4 5; do echo line-$i; sleep 0.2; done", "echo oops >&2"), 60));
        List<SseTestClient.Event> events;
        try (SseTestClient logs =
                SseTestClient.open("http://localhost:18380/api/v1/jobs/" + id + "/logs", api.authorization())) {
            events = logs.readToEnd();
        }
        assertThat(events)
                .filteredOn(event -> event.name().equals("stdout"))
                .extracting(SseTestClient.Event::data)
                .containsExactly("line-1", "line-2", "line-3", "line-4", "line-5");
        assertThat(events)
                .filteredOn(event -> event.name().equals("stderr"))
                .extracting(SseTestClient.Event::data)
                .containsExactly("oops");
        SseTestClient.Event end = events.getLast();
        assertThat(end.name()).isEqualTo("end");
        assertThat(SlipwayApi.parse(end.data()).get("state").asString()).isEqualTo("SUCCEEDED");
        JsonNode job = api.job(id);
        assertThat(job.get("state").asString()).isEqualTo("SUCCEEDED");
        String environment = runningEnvironment(api);
        JsonNode exec = SlipwayApi.parse(
                api.post("/api/v1/environments/" + environment + "/exec", "{\"command\":[\"echo\",\"standalone\"]}")
                        .body());
        assertThat(exec.get("stdout").asString()).isEqualTo("standalone\n");
        assertThat(Host.environmentContainerState(environment)).isEqualTo("running");

        interruptLikeCtrlC(command);

        assertThat(command.waitFor(90, TimeUnit.SECONDS))
                .as("stopped within 90 s of Ctrl-C")
                .isTrue();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(started).noneMatch(ProcessHandle::isAlive));
        assertThat(listens(18380)).isFalse();
        assertThat(listens(18381)).isFalse();
        assertThat(listens(redisPort)).isFalse();
        assertThat(Host.containersOf(id)).isEmpty();
        assertThat(Host.environmentContainerState(environment))
                .as("an environment's container ends with the standalone system, whose Redis held its record")
                .isEmpty();
    }

    /** A template and an environment of it, RUNNING. */
    private static String runningEnvironment(SlipwayApi api) throws Exception {
        assertThat(api.post("/api/v1/templates", "{\"name\":\"standalone-box\",\"image\":\"busybox:latest\"}")
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<String> created = api.post("/api/v1/environments", "{\"template\":\"standalone-box\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = SlipwayApi.parse(created.body()).get("id").asString();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> SlipwayApi.parse(
                                api.get("/api/v1/environments/" + id).body())
                        .get("state")
                        .asString()
                        .equals("RUNNING"));
        return id;
    }

    @Test
    @Order(2)
    void withRabbitMqAndRedisAlreadyRunningItSaysSoAndUsesThem() throws Exception {
        String pool = "standalone-" + UUID.randomUUID().toString().substring(0, 8);
        Path output = workspace.resolve("local.log");
        // The e2e suites' Redis database, and a pool of its own on the shared broker.
        Process command = start(
                output,
                Map.of("SLIPWAY_ADMIN_TOKEN", TestAuth.ADMIN_TOKEN),
                "--port=18382",
                "--worker-port=18383",
                "--spring.data.redis.database=3",
                "--slipway.worker.pools=" + pool,
                "--slipway.worker.id=" + pool);
        String banner = awaitBanner(command, output, Duration.ofMinutes(8));
        assertThat(banner).contains("on the local RabbitMQ (127.0.0.1:5672) and Redis (127.0.0.1:6379)");
        assertThat(banner).contains("sign in as admin with the token in SLIPWAY_ADMIN_TOKEN");
        List<ProcessHandle> started = Stream.concat(Stream.of(command.toHandle()), command.descendants())
                .toList();
        assertThat(started)
                .extracting(process -> process.info().command().orElse(""))
                .noneMatch(name -> name.contains("redis-server"));

        SlipwayApi api = new SlipwayApi("http://localhost:18382");
        String id = api.submit(SlipwayApi.jobBody(pool, List.of("echo hello from the local services"), 60));
        assertThat(api.awaitTerminal(id, Duration.ofSeconds(60)).get("state").asString())
                .isEqualTo("SUCCEEDED");
        assertThat(api.log(id)).isEqualTo("hello from the local services\n");

        interruptLikeCtrlC(command);

        assertThat(command.waitFor(90, TimeUnit.SECONDS))
                .as("stopped within 90 s of Ctrl-C")
                .isTrue();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(started).noneMatch(ProcessHandle::isAlive));
        assertThat(listens(18382)).isFalse();
    }

    /** The first line of the README's first code block, without its comment. */
    private static String readmeFirstCommand(Path readme) throws IOException {
        List<String> lines = Files.readAllLines(readme);
        int fence = lines.indexOf("```bash");
        assertThat(fence).as("a ```bash block in the README").isNotNegative();
        String line = lines.get(fence + 1);
        int comment = line.indexOf('#');
        return (comment < 0 ? line : line.substring(0, comment)).strip();
    }

    /** The README's first command in the clone, in a session of its own so that a Ctrl-C can reach all it started. */
    private static Process start(Path output, Map<String, String> environment, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("setsid", "bash", firstCommand));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(clone.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().remove("SLIPWAY_SERVICES");
        builder.environment().remove("SLIPWAY_ADMIN_TOKEN");
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static String awaitBanner(Process command, Path output, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.readString(output);
            if (text.contains("slipway: Ctrl-C stops everything")) {
                return text;
            }
            if (!command.isAlive()) {
                throw new AssertionError(
                        "the command exited (" + command.exitValue() + ") before it was up:\n" + tail(text));
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not up within " + timeout + ":\n" + tail(Files.readString(output)));
    }

    /** SIGINT to the whole process group, as a terminal's Ctrl-C. */
    private static void interruptLikeCtrlC(Process command) throws Exception {
        run(workspace, "kill", "-INT", "--", "-" + command.pid());
    }

    private static boolean listens(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(Path directory, String... command) throws Exception {
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + out);
        }
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    }
}
