package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.TestImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Sources through the gateway and worker jars on the real broker, Redis and Docker: an uploaded
 * tarball unpacked into the working directory, owned by the job's user, and what the job built
 * from it kept as artifacts; a hostile archive failing its job; uploads over the limit or not a
 * tar refused; a git repository served on loopback by {@code git daemon}, checked out at a tag and
 * at a branch.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SourcesE2E {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String POOL = "sources-" + RUN;
    private static final Duration SOON = Duration.ofSeconds(90);

    private static BuildFarm farm;
    private static SlipwayApi api;
    private static Process gitDaemon;
    private static int gitPort;
    private static Path repositories;

    @BeforeAll
    static void startAGatewayAWorkerAndAGitDaemon() throws Exception {
        farm = BuildFarm.start(
                "sources",
                "sources-" + RUN,
                POOL,
                Map.of("slipway.gateway.uploads.max-size", "1MB"),
                Map.of("slipway.worker.sources.allow-private-git-hosts", "true")); // the daemon is on loopback
        api = farm.api();
        repositories = Files.createTempDirectory("slipway-git-e2e");
        makeRepository(repositories.resolve("demo.git"));
        try (ServerSocket socket = new ServerSocket(0)) {
            gitPort = socket.getLocalPort();
        }
        gitDaemon = new ProcessBuilder(
                        "git",
                        "daemon",
                        "--export-all",
                        "--reuseaddr",
                        "--listen=127.0.0.1",
                        "--port=" + gitPort,
                        "--base-path=" + repositories,
                        repositories.toString())
                .redirectErrorStream(true)
                .redirectOutput(repositories.resolve("daemon.log").toFile())
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gitDaemon != null) {
            gitDaemon.destroy();
            gitDaemon.waitFor(10, TimeUnit.SECONDS);
        }
        if (farm != null) {
            farm.close();
        }
    }

    @Test
    void anUploadedTarballIsUnpackedForTheJobsUserAndWhatItBuildsIsKept() throws Exception {
        byte[] random = new byte[50_000];
        new java.util.Random(7).nextBytes(random);
        byte[] upload = gzip(tar(
                file(
                        "build.sh",
                        "mkdir -p out\ncat src/a.txt src/a.txt > out/one.txt\ncp src/b.bin out/two.bin\n",
                        0755),
                file("src/a.txt", "alpha\n", 0644),
                file("src/b.bin", random, 0644)));
        JsonNode uploaded = uploaded(api.upload(upload, "application/gzip"));
        assertThat(uploaded.get("size").asLong()).isEqualTo(upload.length);
        assertThat(uploaded.get("sha256").asString()).isEqualTo(sha256(upload));
        assertThat(uploaded.get("expiresAt").asString()).isNotBlank();

        String id = api.submit(
                """
                {"image":"%s","pool":"%s","user":"65534:65534","source":{"upload":"%s"},
                 "script":["test \\"$(stat -c %%u:%%g .)\\" = 65534:65534", "./build.sh"],
                 "timeoutSeconds":60,"artifacts":{"paths":["out/*"]}}
                """.formatted(TestImage.BUSYBOX, POOL, uploaded.get("id").asString()));
        JsonNode done = api.awaitTerminal(id, SOON);
        assertThat(done.get("state").asString()).as(api.log(id)).isEqualTo("SUCCEEDED");
        assertThat(api.log(id)).contains("source: upload " + uploaded.get("id").asString() + ", 3 files");

        JsonNode listing =
                SlipwayApi.parse(api.get("/api/v1/jobs/" + id + "/artifacts").body());
        assertThat(listing).hasSize(2);
        assertThat(listing.get(0).get("path").asString()).isEqualTo("out/one.txt");
        assertThat(listing.get(0).get("sha256").asString())
                .isEqualTo(sha256("alpha\nalpha\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(listing.get(1).get("path").asString()).isEqualTo("out/two.bin");
        assertThat(listing.get(1).get("sha256").asString()).isEqualTo(sha256(random));
        HttpResponse<byte[]> range =
                api.download("/api/v1/jobs/" + id + "/artifacts/out/two.bin", Map.of("Range", "bytes=1000-1999"));
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(random, 1000, 2000));
        Map<String, byte[]> zip = unzip(
                api.download("/api/v1/jobs/" + id + "/artifacts.zip", Map.of()).body());
        assertThat(zip.keySet()).containsExactlyInAnyOrder("out/one.txt", "out/two.bin");
        assertThat(zip.get("out/two.bin")).isEqualTo(random);
    }

    @Test
    void anArchiveEntryClimbingOutFailsTheJobBeforeItsScriptRuns() throws Exception {
        String upload = uploaded(api.upload(
                        tar(file("ok.txt", "fine", 0644), file("../escaped", "x", 0644)), "application/x-tar"))
                .get("id")
                .asString();

        String id = api.submit(job("{\"upload\":\"" + upload + "\"}", "echo the script ran"));
        JsonNode done = api.awaitTerminal(id, SOON);

        assertThat(done.get("state").asString()).isEqualTo("FAILED");
        assertThat(done.get("error").asString()).contains("'../escaped'").contains("climbs out");
        assertThat(api.log(id)).doesNotContain("the script ran");
    }

    @Test
    void uploadsOverTheLimitNotTarsOrOfAnotherUserAreRefused() throws Exception {
        HttpResponse<String> tooLarge = api.upload(new byte[1536 * 1024], "application/x-tar");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(tooLarge.body()).contains("slipway.gateway.uploads.max-size");

        HttpResponse<String> notATar = api.upload("just text".getBytes(StandardCharsets.UTF_8), "application/x-tar");
        assertThat(notATar.statusCode()).isEqualTo(400);
        assertThat(notATar.body()).contains("(body)").contains("not a tar");

        String mine = uploaded(api.upload(tar(file("a", "a", 0644)), "application/x-tar"))
                .get("id")
                .asString();
        String name = "sources-stranger-" + RUN;
        assertThat(api.post("/api/v1/users", "{\"name\":\"" + name + "\",\"role\":\"user\"}")
                        .statusCode())
                .isEqualTo(201);
        String token = SlipwayApi.parse(api.post("/api/v1/users/" + name + "/tokens", "{\"name\":\"e2e\"}")
                        .body())
                .get("token")
                .asString();
        HttpResponse<String> theirs = api.as(token).post("/api/v1/jobs", job("{\"upload\":\"" + mine + "\"}", "true"));
        assertThat(theirs.statusCode()).isEqualTo(400);
        assertThat(theirs.body()).contains("source.upload");
        HttpResponse<String> unknown =
                api.post("/api/v1/jobs", job("{\"upload\":\"upl_00000000-0000-0000-0000-000000000000\"}", "true"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("source.upload");
    }

    @Test
    void aGitRepositoryServedOnLoopbackIsCheckedOutAtATagAndAtABranch() throws Exception {
        String url = "git://127.0.0.1:" + gitPort + "/demo.git";
        String atTag = api.submit(
                job("{\"git\":{\"url\":\"" + url + "\",\"ref\":\"v1\"}}", "cat version.txt && test -d .git"));
        String atBranch =
                api.submit(job("{\"git\":{\"url\":\"" + url + "\",\"ref\":\"main\",\"depth\":1}}", "cat version.txt"));
        String missing = api.submit(job("{\"git\":{\"url\":\"" + url + "\",\"ref\":\"no-such-branch\"}}", "true"));

        assertThat(api.awaitTerminal(atTag, SOON).get("state").asString())
                .as(api.log(atTag))
                .isEqualTo("SUCCEEDED");
        assertThat(api.log(atTag)).contains("one").doesNotContain("two");
        assertThat(api.awaitTerminal(atBranch, SOON).get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(api.log(atBranch)).contains("two").contains(url + " main at ");
        JsonNode failed = api.awaitTerminal(missing, SOON);
        assertThat(failed.get("state").asString()).isEqualTo("FAILED");
        assertThat(failed.get("error").asString()).contains("no branch or tag 'no-such-branch'");
    }

    @Test
    void aGitPasswordIsNeverShownWhenTheFetchFails() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String secret = "s3cr3t-" + RUN;
        String id = api.submit("""
                {"image":"%s","pool":"%s","secrets":{"GIT_TOKEN":"%s"},
                 "source":{"git":{"url":"https://127.0.0.1:%d/private.git","username":"ci","passwordSecret":"GIT_TOKEN"}},
                 "script":["true"],"timeoutSeconds":60}
                """.formatted(TestImage.BUSYBOX, POOL, secret, closed));

        JsonNode done = api.awaitTerminal(id, SOON);

        assertThat(done.get("state").asString()).isEqualTo("FAILED");
        assertThat(done.get("error").asString()).contains("fetching https://127.0.0.1:" + closed);
        assertThat(done.toString()).doesNotContain(secret);
        assertThat(api.log(id)).doesNotContain(secret);
        HttpResponse<String> withCredentialsInTheUrl = api.post(
                "/api/v1/jobs", job("{\"git\":{\"url\":\"https://ci:" + secret + "@example.com/x.git\"}}", "true"));
        assertThat(withCredentialsInTheUrl.statusCode()).isEqualTo(400);
        assertThat(withCredentialsInTheUrl.body()).contains("source.git.url").contains("credentials");
    }

    private static String job(String source, String script) {
        return """
                {"image":"%s","pool":"%s","source":%s,"script":["%s"],"timeoutSeconds":60}
                """.formatted(TestImage.BUSYBOX, POOL, source, script.replace("\"", "\\\""));
    }

    private static JsonNode uploaded(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return SlipwayApi.parse(response.body());
    }

    /** A repository with a tag {@code v1} on its first commit and {@code main} one commit ahead. */
    private static void makeRepository(Path directory) throws Exception {
        Files.createDirectories(directory);
        git(directory, "init", "-q", "-b", "main");
        Files.writeString(directory.resolve("version.txt"), "one\n");
        git(directory, "add", "version.txt");
        git(directory, "-c", "user.name=e2e", "-c", "user.email=e2e@example.com", "commit", "-q", "-m", "one");
        git(directory, "tag", "-a", "v1", "-m", "v1");
        Files.writeString(directory.resolve("version.txt"), "two\n");
        git(directory, "-c", "user.name=e2e", "-c", "user.email=e2e@example.com", "commit", "-q", "-am", "two");
    }

    private static void git(Path directory, String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", directory.toString()));
        command.addAll(List.of(arguments));
        Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(git.waitFor()).as(output).isZero();
    }

    private record Entry(String name, byte[] content, int mode) {}

    private static Entry file(String name, String content, int mode) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    private static Entry file(String name, byte[] content, int mode) {
        return new Entry(name, content, mode);
    }

    private static byte[] tar(Entry... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (Entry entry : entries) {
                TarArchiveEntry header = new TarArchiveEntry(entry.name(), true);
                header.setSize(entry.content().length);
                header.setMode(entry.mode());
                tar.putArchiveEntry(header);
                tar.write(entry.content());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
