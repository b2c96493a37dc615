package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Image builds through the gateway and worker jars on the real broker, Redis and Docker, pushing
 * to the registry {@code deploy/dev/provision.sh} runs on {@code 127.0.0.1:5000}: the build's output
 * is the job's log and the digest in the job's view is the one the registry serves the tag with;
 * BuildKit syntax, a failing step and a registry that refuses the push each fail the job, saying why.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ImageBuildE2E {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String POOL = "images-" + RUN;
    private static final String REPOSITORY = "slipway-e2e/app-" + RUN;
    private static final Duration SOON = Duration.ofMinutes(2);

    private static final List<String> tags = new ArrayList<>();
    private static final List<String> jobs = new ArrayList<>();
    private static BuildFarm farm;
    private static SlipwayApi api;

    @BeforeAll
    static void startAGatewayAndAWorker() throws Exception {
        farm = BuildFarm.start("images", "images-" + RUN, POOL, Map.of(), Map.of());
        api = farm.api();
    }

    @AfterAll
    static void stop() throws Exception {
        if (farm != null) {
            farm.close();
        }
        for (String tag : tags) {
            new ProcessBuilder("docker", "rmi", "-f", tag).start().waitFor(30, TimeUnit.SECONDS);
        }
        for (String job : jobs) { // what each attempt built, under its own name
            new ProcessBuilder("docker", "rmi", "-f", "slipway-build/" + job + ":1")
                    .start()
                    .waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void anImageIsBuiltFromAnUploadAndPushedWithTheDigestTheRegistryServes() throws Exception {
        String tag = "127.0.0.1:5000/" + REPOSITORY + ":1.0";
        String id = submit(
                context("FROM busybox:latest\nCOPY greeting.txt /greeting.txt\nRUN cat /greeting.txt\n"
                        + "RUN echo memory limit $(cat /sys/fs/cgroup/memory/memory.limit_in_bytes"
                        + " /sys/fs/cgroup/memory.max 2>/dev/null)\n"),
                tag,
                true);

        JsonNode done = api.awaitTerminal(id, SOON);

        assertThat(done.get("state").asString()).as(api.log(id)).isEqualTo("SUCCEEDED");
        String log = api.log(id);
        assertThat(log).contains("hello from the build context").contains("image: pushed " + tag);
        assertThat(log)
                .as("the steps run within the job's memory (512 MiB by default)")
                .contains("memory limit 536870912");
        assertThat(Host.imageExists(tag))
                .as("the job's tag is not left on the worker's host")
                .isFalse();
        JsonNode image = done.get("images").get(0);
        assertThat(image.get("tag").asString()).isEqualTo(tag);
        HttpResponse<Void> manifest = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:5000/v2/" + REPOSITORY + "/manifests/1.0"))
                                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(manifest.headers().firstValue("Docker-Content-Digest"))
                .hasValue(image.get("digest").asString());
        assertThat(image.get("digest").asString()).startsWith("sha256:");
    }

    @Test
    void buildKitSyntaxIsRefusedNamingTheLine() throws Exception {
        String id = submit(
                context("FROM busybox:latest\n\nRUN --mount=type=cache,target=/root/.cache true\n"),
                "127.0.0.1:5000/" + REPOSITORY + ":mount",
                false);

        JsonNode done = api.awaitTerminal(id, SOON);

        assertThat(done.get("state").asString()).isEqualTo("FAILED");
        assertThat(done.get("error").asString()).contains("line 3").contains("RUN --mount needs BuildKit");
    }

    @Test
    void aFailingStepFailsTheJobWithTheEnginesMessage() throws Exception {
        String id = submit(
                context("FROM busybox:latest\nRUN echo about to fail && exit 3\n"),
                "slipway-e2e/failing:" + RUN,
                false);

        JsonNode done = api.awaitTerminal(id, SOON);

        assertThat(done.get("state").asString()).isEqualTo("FAILED");
        assertThat(done.get("error").asString()).contains("non-zero code: 3");
        assertThat(api.log(id)).contains("about to fail");
    }

    @Test
    void aPushTheRegistryRefusesFailsTheJobWithItsMessage() throws Exception {
        String tag = "127.0.0.1:5999/" + REPOSITORY + ":nowhere"; // nothing listens there
        String id = submit(context("FROM busybox:latest\nRUN true\n"), tag, true);

        JsonNode done = api.awaitTerminal(id, SOON);

        assertThat(done.get("state").asString()).isEqualTo("FAILED");
        assertThat(done.get("error").asString()).contains("pushing " + tag).contains("127.0.0.1:5999");
        assertThat(done.get("images")).isEmpty();
    }

    @Test
    void anImageBuildWithoutTagsOrSourceIsABadRequest() throws Exception {
        HttpResponse<String> response =
                api.post("/api/v1/jobs", "{\"kind\":\"image\",\"pool\":\"" + POOL + "\",\"script\":[\"true\"]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"tags\"").contains("\"source\"").contains("\"script\"");
    }

    private static String submit(byte[] context, String tag, boolean push) throws Exception {
        tags.add(tag);
        HttpResponse<String> uploaded = api.upload(context, "application/x-tar");
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        String upload = SlipwayApi.parse(uploaded.body()).get("id").asString();
        String id = api.submit("""
                {"kind":"image","pool":"%s","source":{"upload":"%s"},"tags":["%s"],"push":%s,"timeoutSeconds":120}
                """.formatted(POOL, upload, tag, push));
        jobs.add(id);
        return id;
    }

    private static byte[] context(String dockerfile) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (var file : Map.of("Dockerfile", dockerfile, "greeting.txt", "hello from the build context\n")
                    .entrySet()) {
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
