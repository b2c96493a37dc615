package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.testing.TestAuth;
import dev.slipway.testing.TestImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * The {@code slipway} jar as a user runs it, as its own process with a HOME of its own, against a
 * gateway and a worker jar on the real broker, Redis and Docker: login keeps an owner-only file the
 * later commands use; run exits with the job's code and prints exactly the stored log, each stream
 * on its own; --detach prints the id; listings print JSON; env exec and an interactive shell under
 * a pseudo-terminal exit with the command's and the shell's code; an admin manages a user and their
 * token, which works until it is revoked; run --source runs in the uploaded directory.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CliE2E {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String POOL = "cli-" + RUN;
    private static final String WORKER = "cli-host-" + RUN;
    private static final String TEMPLATE = "cli-box-" + RUN;
    private static final Pattern JOB_ID = Pattern.compile("slipway: job ([0-9a-f-]{36})");

    private static BuildFarm farm;
    private static Path home;
    private static String detachedJob;
    private static final List<String> environments = new ArrayList<>();

    record Result(int exitCode, String stdout, String stderr) {}

    @BeforeAll
    static void startAGatewayAndAWorker() throws Exception {
        farm = BuildFarm.start("cli", WORKER, POOL, Map.of(), Map.of());
        home = Files.createTempDirectory("slipway-cli-home");
    }

    @AfterAll
    static void removeEnvironmentsAndStop() throws Exception {
        if (farm != null) {
            for (String id : environments) {
                farm.api().delete("/api/v1/environments/" + id);
            }
            farm.close();
        }
    }

    @Test
    @Order(1)
    void loginKeepsTheTokenInAnOwnerOnlyFileThatLaterCommandsUse() throws Exception {
        Result refused = slipway("not-a-token\n", "login", farm.gateway().baseUrl(), "--token-stdin");
        assertThat(refused.exitCode()).isEqualTo(69);
        assertThat(refused.stderr()).startsWith("slipway: ").contains("(HTTP 401)");
        Path credentials = home.resolve(".config/slipway/credentials");
        assertThat(credentials).doesNotExist();

        Result login =
                slipway(TestAuth.ADMIN_TOKEN + "\n", "login", farm.gateway().baseUrl(), "--token-stdin");

        assertThat(login.exitCode()).as(login.stderr()).isZero();
        assertThat(login.stdout()).contains("as admin (admin)");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials.getParent())))
                .isEqualTo("rwx------");
        assertThat(Files.readString(credentials)).contains(TestAuth.ADMIN_TOKEN);
        Result workers = slipway("", "workers", "ls");
        assertThat(workers.exitCode()).as(workers.stderr()).isZero();
        assertThat(workers.stdout()).startsWith("ID").contains(WORKER);
    }

    @Test
    @Order(2)
    void runExitsWithTheJobsExitCode() throws Exception {
        Result run = slipway("", "run", "--pool", POOL, TestImage.BUSYBOX, "--", "sh", "-c", "exit 3");

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(3);
        Matcher id = JOB_ID.matcher(run.stderr());
        assertThat(id.find()).as(run.stderr()).isTrue();
        JsonNode job = farm.api().job(id.group(1));
        assertThat(job.get("state").asString()).isEqualTo("FAILED");
        assertThat(job.get("exitCode").asInt()).isEqualTo(3);
    }

    @Test
    @Order(3)
    void aFollowedLogIsTheStoredLogWithEachStreamOnItsOwn() throws Exception {
        String script = "for i in $(seq 1 400); do echo \"out $i\"; if [ $((i % 25)) -eq 0 ]; then"
                + " echo \"err $i\" >&2; fi; done";

        Result run = slipway("", "run", "--pool", POOL, TestImage.BUSYBOX, "--", "sh", "-c", script);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        Matcher id = JOB_ID.matcher(run.stderr());
        assertThat(id.find()).isTrue();
        List<String> stored = farm.api().log(id.group(1)).lines().toList();
        assertThat(stored).hasSize(416);
        assertThat(run.stdout())
                .isEqualTo(stored.stream()
                        .filter(line -> line.startsWith("out "))
                        .map(line -> line + "\n")
                        .collect(Collectors.joining()));
        assertThat(run.stderr().lines().filter(line -> !line.startsWith("slipway: ")))
                .containsExactlyElementsOf(
                        stored.stream().filter(line -> line.startsWith("err ")).toList());
        Result logs = slipway("", "logs", id.group(1));
        assertThat(logs.stdout()).isEqualTo(String.join("\n", stored) + "\n");
    }

    @Test
    @Order(4)
    void detachPrintsOnlyTheIdOfAJobThatExists() throws Exception {
        Result run = slipway("", "run", "--detach", "--pool", POOL, TestImage.BUSYBOX, "--", "sleep", "1");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).matches("[0-9a-f-]{36}\n");
        detachedJob = run.stdout().strip();
        assertThat(farm.api().job(detachedJob).get("spec").get("pool").asString())
                .isEqualTo(POOL);
    }

    @Test
    @Order(5)
    void jobsLsPrintsTheApisJsonListingTheJob() throws Exception {
        Result ls = slipway("", "jobs", "ls", "--output", "json", "--pool", POOL);

        assertThat(ls.exitCode()).as(ls.stderr()).isZero();
        JsonNode page = SlipwayApi.parse(ls.stdout());
        List<String> ids = page.get("items")
                .valueStream()
                .map(job -> job.get("id").asString())
                .toList();
        assertThat(ids).contains(detachedJob).hasSize(3);
        Result table = slipway("", "jobs", "ls", "--pool", POOL);
        assertThat(table.stdout().lines().findFirst())
                .hasValueSatisfying(
                        header -> assertThat(header).startsWith("ID").contains("STATE"));
        assertThat(table.stdout()).contains(detachedJob);
    }

    @Test
    @Order(6)
    void envExecAndAShellUnderAPseudoTerminalExitWithTheirCodes() throws Exception {
        SlipwayApi admin = farm.api();
        assertThat(admin.post("/api/v1/templates", """
                        {"name":"%s","image":"%s","pool":"%s","resources":{"cpus":0.5,"memoryMb":64,"pidsLimit":128}}
                        """.formatted(TEMPLATE, TestImage.BUSYBOX, POOL))
                        .statusCode())
                .isEqualTo(201);
        Result created = slipway("", "env", "create", "--template", TEMPLATE, "--wait", "--output", "json");
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        String id = SlipwayApi.parse(created.stdout()).get("id").asString();
        environments.add(id);
        assertThat(SlipwayApi.parse(created.stdout()).get("state").asString()).isEqualTo("RUNNING");

        Result exec = slipway("", "env", "exec", id, "--", "sh", "-c", "echo on-out; echo on-err >&2; exit 4");
        assertThat(exec.exitCode()).isEqualTo(4);
        assertThat(exec.stdout()).isEqualTo("on-out\n");
        assertThat(exec.stderr()).isEqualTo("on-err\n");

        ProcessBuilder underScript = new ProcessBuilder(
                        "script", "-qfec", String.join(" ", command("env", "shell", id)), "/dev/null")
                .redirectErrorStream(true);
        underScript.environment().putAll(environment());
        Process shell = underScript.start();
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Thread reader = Thread.ofPlatform().start(() -> copy(shell.getInputStream(), screen));
        try {
            // the shell's prompt: the terminal is in raw mode and the session is attached
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> screen.toString(StandardCharsets.UTF_8).contains("# "));
            OutputStream keyboard = shell.getOutputStream();
            keyboard.write("echo hello-$RANDOM; exit 7\n".getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            assertThat(shell.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(5000);
            String output = screen.toString(StandardCharsets.UTF_8);
            assertThat(output).containsPattern("hello-[0-9]+");
            assertThat(shell.exitValue()).as(output).isEqualTo(7);
        } finally {
            shell.destroyForcibly();
        }
    }

    @Test
    @Order(7)
    void anAdminCreatesAUserAndATokenThatWorksUntilItIsRevoked() throws Exception {
        String user = "cli-user-" + RUN;
        Result created = slipway("", "users", "create", user, "--role", "user", "--max-active-jobs", "2", "-o", "json");
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        JsonNode record = SlipwayApi.parse(created.stdout());
        assertThat(record.get("role").asString()).isEqualTo("user");
        assertThat(record.get("quotas").get("maxActiveJobs").asInt()).isEqualTo(2);

        Result issued = slipway("", "tokens", "create", "--user", user, "--name", "laptop", "--days", "1");
        assertThat(issued.exitCode()).as(issued.stderr()).isZero();
        assertThat(issued.stdout()).matches("\\S+\n");
        assertThat(issued.stderr()).contains("shown only this once");
        String token = issued.stdout().strip();

        Result asUser = slipwayWithToken(token, "jobs", "ls", "-o", "json");
        assertThat(asUser.exitCode()).as(asUser.stderr()).isZero();
        assertThat(SlipwayApi.parse(asUser.stdout()).get("items").isArray()).isTrue();
        Result mine = slipwayWithToken(token, "tokens", "ls");
        assertThat(mine.exitCode()).as(mine.stderr()).isZero();
        assertThat(mine.stdout()).contains("laptop");

        Result listed = slipway("", "tokens", "ls", "--user", user, "-o", "json");
        String id = SlipwayApi.parse(listed.stdout()).get(0).get("id").asString();
        Result revoked = slipway("", "tokens", "revoke", id, "--user", user);
        assertThat(revoked.exitCode()).as(revoked.stderr()).isZero();
        assertThat(revoked.stdout()).isEqualTo(id + " revoked\n");

        Result refused = slipwayWithToken(token, "jobs", "ls");
        assertThat(refused.exitCode()).isEqualTo(69);
        assertThat(refused.stderr()).startsWith("slipway: ").contains("(HTTP 401)");

        Result disabled = slipway("", "users", "set", user, "--disabled", "true");
        assertThat(disabled.exitCode()).as(disabled.stderr()).isZero();
        assertThat(disabled.stdout()).containsPattern("disabled: +true");
        Result users = slipway("", "users", "ls");
        assertThat(users.stdout()).startsWith("NAME").contains(user);
        assertThat(slipway("", "users", "rm", user).exitCode()).isZero();
        assertThat(slipway("", "users", "get", user).exitCode()).isEqualTo(69);
    }

    @Test
    @Order(8)
    void runWithASourceDirectoryRunsInItsUnpackedFiles() throws Exception {
        Path source = Files.createDirectories(home.resolve("project-" + RUN));
        Files.writeString(source.resolve("hello.txt"), "hello from the upload\n");

        Result run = slipway(
                "", "run", "--pool", POOL, "--source", source.toString(), TestImage.BUSYBOX, "--", "cat", "hello.txt");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).isEqualTo("hello from the upload\n");
        assertThat(run.stderr()).containsPattern("slipway: upload upl_\\S+");
        Result upload = slipway("", "upload", source.toString(), "-o", "json");
        assertThat(upload.exitCode()).as(upload.stderr()).isZero();
        assertThat(SlipwayApi.parse(upload.stdout()).get("id").asString()).startsWith("upl_");
    }

    private static Result slipway(String stdin, String... args) throws Exception {
        return slipway(Map.of(), stdin, args);
    }

    /** The command with a token of its own in SLIPWAY_TOKEN, the gateway's URL from the login. */
    private static Result slipwayWithToken(String token, String... args) throws Exception {
        return slipway(Map.of("SLIPWAY_TOKEN", token), "", args);
    }

    private static Result slipway(Map<String, String> extraEnvironment, String stdin, String... args) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command(args));
        builder.environment().putAll(environment());
        builder.environment().remove("SLIPWAY_URL");
        builder.environment().remove("SLIPWAY_TOKEN");
        builder.environment().remove("XDG_CONFIG_HOME");
        builder.environment().putAll(extraEnvironment);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process process =
                builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try (OutputStream input = process.getOutputStream()) {
            input.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(process.waitFor(2, TimeUnit.MINUTES))
                .as("slipway " + String.join(" ", args))
                .isTrue();
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static List<String> command(String... args) {
        Path jar = Path.of(System.getProperty("slipway.cli.jar", ""));
        assertThat(jar)
                .as("the cli jar: run the whole build, not this module alone")
                .isRegularFile();
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static Map<String, String> environment() {
        return Map.of("HOME", home.toString(), "TERM", "xterm");
    }

    private static void copy(InputStream from, ByteArrayOutputStream to) {
        byte[] buffer = new byte[8192];
        try {
            int read;
            while ((read = from.read(buffer)) >= 0) {
                synchronized (to) {
                    to.write(buffer, 0, read);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }
}
