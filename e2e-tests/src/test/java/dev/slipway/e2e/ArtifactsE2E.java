package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.TestImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Artifacts through the gateway and worker jars on the real broker, Redis and Docker, over a
 * directory store both share: a job's files kept by its rules, listed with sizes and SHA-256s that
 * match what is served, a range, a zip of all; the per-job limit failing a job that passes it;
 * {@code when} keeping nothing for an end it does not name; another user told the job does not exist.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ArtifactsE2E {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String POOL = "artifacts-" + RUN;
    private static final Duration SOON = Duration.ofSeconds(60);

    private static BuildFarm farm;
    private static SlipwayApi api;

    @BeforeAll
    static void startAGatewayAndAWorkerOnOneStore() throws Exception {
        farm = BuildFarm.start(
                "artifacts", "artifacts-" + RUN, POOL, Map.of(), Map.of("slipway.worker.artifacts.max-total", "1MB"));
        api = farm.api();
    }

    @AfterAll
    static void stop() throws Exception {
        if (farm != null) {
            farm.close();
        }
    }

    @Test
    void aJobsKeptFilesAreListedAndServedWholeByRangeAndAsAZip() throws Exception {
        String id = api.submit(job(
                "mkdir -p out/sub && echo hello > out/a.txt && head -c 70000 /dev/urandom > out/sub/b.bin"
                        + " && echo scratch > out/sub/c.tmp && echo source > main.c",
                "\"paths\":[\"out/**\"],\"exclude\":[\"**/*.tmp\"]"));
        JsonNode done = api.awaitTerminal(id, SOON);
        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.at("/spec/workdir").asString()).isEqualTo("/workspace");

        JsonNode listing =
                SlipwayApi.parse(api.get("/api/v1/jobs/" + id + "/artifacts").body());
        assertThat(listing).hasSize(2);
        assertThat(listing.get(0).get("path").asString()).isEqualTo("out/a.txt");
        assertThat(listing.get(1).get("path").asString()).isEqualTo("out/sub/b.bin");
        assertThat(listing.get(1).get("size").asLong()).isEqualTo(70000);

        byte[] a = whole(id, "out/a.txt", listing.get(0));
        assertThat(new String(a, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("hello\n");
        byte[] b = whole(id, "out/sub/b.bin", listing.get(1));

        HttpResponse<byte[]> range =
                api.download("/api/v1/jobs/" + id + "/artifacts/out/sub/b.bin", Map.of("Range", "bytes=100-199"));
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 100-199/70000");
        assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(b, 100, 200));
        HttpResponse<byte[]> past =
                api.download("/api/v1/jobs/" + id + "/artifacts/out/sub/b.bin", Map.of("Range", "bytes=90000-"));
        assertThat(past.statusCode()).isEqualTo(416);
        assertThat(past.headers().firstValue("Content-Range")).hasValue("bytes */70000");
        assertThat(past.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(api.download("/api/v1/jobs/" + id + "/artifacts/out/sub/b.bin", Map.of("Range", "bytes=0-1,5-6"))
                        .body())
                .as("several ranges: the whole file")
                .isEqualTo(b);
        assertThat(api.download(
                                "/api/v1/jobs/" + id + "/artifacts/out/sub/b.bin",
                                Map.of("Range", "bytes=100-199", "If-Range", "\"an-older-etag\""))
                        .statusCode())
                .as("a range of another version of the file: the whole file")
                .isEqualTo(200);
        assertThat(api.download("/api/v1/jobs/" + id + "/artifacts/out/sub/c.tmp", Map.of())
                        .statusCode())
                .as("an excluded file")
                .isEqualTo(404);

        HttpResponse<byte[]> zip = api.download("/api/v1/jobs/" + id + "/artifacts.zip", Map.of());
        assertThat(zip.statusCode()).isEqualTo(200);
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        assertThat(entries.keySet()).containsExactlyInAnyOrder("out/a.txt", "out/sub/b.bin");
        assertThat(entries.get("out/sub/b.bin")).isEqualTo(b);
        assertThat(entries.get("out/a.txt")).isEqualTo(a);
    }

    @Test
    void artifactsPastTheLimitFailTheJobNamingIt() throws Exception {
        String id = api.submit(job("mkdir -p out && head -c 1500000 /dev/zero > out/big.bin", "\"paths\":[\"out\"]"));

        JsonNode done = api.awaitTerminal(id, SOON);

        assertThat(done.get("state").asString()).isEqualTo("FAILED");
        assertThat(done.get("error").asString())
                .contains("slipway.worker.artifacts.max-total")
                .contains("out/big.bin");
        assertThat(SlipwayApi.parse(api.get("/api/v1/jobs/" + id + "/artifacts").body()))
                .isEmpty();
    }

    @Test
    void whenKeepsNothingForAnEndItDoesNotNameAndAnotherUserSeesNoJob() throws Exception {
        String id = api.submit(job("mkdir -p out && echo x > out/x", "\"paths\":[\"out\"],\"when\":\"on_failure\""));
        assertThat(api.awaitTerminal(id, SOON).get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(SlipwayApi.parse(api.get("/api/v1/jobs/" + id + "/artifacts").body()))
                .isEmpty();

        String name = "stranger-" + RUN;
        assertThat(api.post("/api/v1/users", "{\"name\":\"" + name + "\",\"role\":\"user\"}")
                        .statusCode())
                .isEqualTo(201);
        String token = SlipwayApi.parse(api.post("/api/v1/users/" + name + "/tokens", "{\"name\":\"e2e\"}")
                        .body())
                .get("token")
                .asString();
        assertThat(api.as(token).get("/api/v1/jobs/" + id + "/artifacts").statusCode())
                .isEqualTo(404);
        assertThat(api.as(token)
                        .download("/api/v1/jobs/" + id + "/artifacts.zip", Map.of())
                        .statusCode())
                .isEqualTo(404);
    }

    private static byte[] whole(String id, String path, JsonNode listed) throws Exception {
        HttpResponse<byte[]> file = api.download("/api/v1/jobs/" + id + "/artifacts/" + path, Map.of());
        assertThat(file.statusCode()).isEqualTo(200);
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file.body()));
        assertThat(sha256).isEqualTo(listed.get("sha256").asString());
        assertThat(file.headers().firstValue("ETag")).hasValue("\"" + sha256 + "\"");
        assertThat(file.headers().firstValueAsLong("Content-Length").orElse(-1)).isEqualTo(file.body().length);
        assertThat(file.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(value ->
                        assertThat(value).contains("attachment").contains(path.substring(path.lastIndexOf('/') + 1)));
        return file.body();
    }

    private static String job(String script, String artifacts) {
        return """
                {"image":"%s","pool":"%s","script":["%s"],"timeoutSeconds":60,"artifacts":{%s}}
                """.formatted(TestImage.BUSYBOX, POOL, script.replace("\"", "\\\""), artifacts);
    }
}
