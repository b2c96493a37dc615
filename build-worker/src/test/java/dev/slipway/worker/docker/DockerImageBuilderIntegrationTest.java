package dev.slipway.worker.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.Image;
import dev.slipway.model.LogStream;
import dev.slipway.testing.TestImage;
import dev.slipway.worker.build.BuildSandbox;
import dev.slipway.worker.build.BuildStoppedException;
import dev.slipway.worker.build.ImageBuildFailedException;
import dev.slipway.worker.build.RegistryCredentials;
import dev.slipway.worker.output.OutputListener;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link DockerImageBuilder} against the real engine and the plain HTTP registry on
 * 127.0.0.1:5000. Every Dockerfile starts from the offline busybox image: nothing is pulled.
 */
@Timeout(120)
class DockerImageBuilderIntegrationTest {

    /** Steps on the engine's default network, 256 MiB each. */
    private static final BuildSandbox SANDBOX = new BuildSandbox(null, 256L * 1024 * 1024, 512);

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    /** Carried by every image these tests build, beside the label of all test leftovers. */
    private static final String RUN_LABEL = "slipway.test.run";

    private static final Map<String, String> LABELS = Map.of(TestImage.TEST_LABEL, "true", RUN_LABEL, RUN);
    private static final String REGISTRY = "127.0.0.1:5000";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final DockerClient docker = TestEngines.client();
    private static final DockerClient streams = TestEngines.streamsClient();

    private final DockerImageBuilder builder = new DockerImageBuilder(docker, streams);
    private final CollectedOutput output = new CollectedOutput();

    @AfterEach
    void removeTheImagesOfThisTest() {
        for (Image image :
                docker.listImagesCmd().withLabelFilter(Map.of(RUN_LABEL, RUN)).exec()) {
            // by id and forced: every tag goes too, the pushed ones included
            docker.removeImageCmd(image.getId()).withForce(true).exec();
        }
    }

    @AfterAll
    static void closeTheClients() throws IOException {
        docker.close();
        streams.close();
    }

    @Test
    void aContextIsBuiltWithItsLabelsAndEveryTagWhileTheStepsOutputIsStreamed() {
        String greeting = "hello from run " + RUN;
        InputStream context = tar(Map.of(
                "build/Dockerfile",
                "FROM busybox:latest\nCOPY hello.txt /hello.txt\nRUN cat /hello.txt\n",
                "hello.txt",
                greeting + "\n"));
        List<String> tags = List.of("slipway-it-" + RUN + ":one", "slipway-it-" + RUN + ":two");

        String id = builder.build(
                context, "build/Dockerfile", Map.of(), tags, LABELS, SANDBOX, output, TIMEOUT, () -> false);

        assertThat(id).startsWith("sha256:");
        assertThat(output.text(LogStream.STDOUT))
                .contains("RUN cat /hello.txt\n", greeting + "\n")
                .contains("Successfully built " + id.substring("sha256:".length(), "sha256:".length() + 12));
        InspectImageResponse image = docker.inspectImageCmd(id).exec();
        assertThat(image.getId()).isEqualTo(id);
        assertThat(image.getConfig().getLabels()).containsAllEntriesOf(LABELS);
        assertThat(image.getRepoTags()).containsExactlyInAnyOrderElementsOf(tags);
    }

    @Test
    void buildArgsReachTheDockerfile() {
        InputStream context =
                tar(Map.of("Dockerfile", "FROM busybox:latest\nARG GREETING\nRUN echo \"greeting=$GREETING\"\n"));

        builder.build(
                context,
                "Dockerfile",
                Map.of("GREETING", "hi " + RUN),
                List.of(),
                LABELS,
                SANDBOX,
                output,
                TIMEOUT,
                () -> false);

        assertThat(output.text(LogStream.STDOUT)).contains("greeting=hi " + RUN + "\n");
    }

    @Test
    void aFailingStepFailsTheBuildWithTheEnginesMessage() {
        InputStream context = tar(Map.of("Dockerfile", "FROM busybox:latest\nRUN exit 3\n"));

        assertThatThrownBy(() -> builder.build(
                        context, "Dockerfile", Map.of(), List.of(), LABELS, SANDBOX, output, TIMEOUT, () -> false))
                .isExactlyInstanceOf(ImageBuildFailedException.class)
                .hasMessageContaining("returned a non-zero code: 3");
        assertThat(output.text(LogStream.STDERR)).contains("returned a non-zero code: 3");
    }

    @Test
    void aDockerfileMissingFromTheContextIsTheJobsFailure() {
        InputStream context = tar(Map.of("Dockerfile", "FROM busybox:latest\n"));

        assertThatThrownBy(() -> builder.build(
                        context, "nope/Dockerfile", Map.of(), List.of(), LABELS, SANDBOX, output, TIMEOUT, () -> false))
                .isExactlyInstanceOf(ImageBuildFailedException.class)
                .hasMessage("Cannot locate specified Dockerfile: nope/Dockerfile");
    }

    @Test
    void aPushAnswersTheDigestTheRegistryServesTheManifestUnder() throws Exception {
        String repository = "slipway-test/" + RUN;
        String tag = REGISTRY + "/" + repository + ":1.0";
        build("FROM busybox:latest\nRUN echo " + RUN + " > /run.txt\n", tag);

        String digest = builder.push(tag, null, output, TIMEOUT, () -> false);

        assertThat(digest).startsWith("sha256:").isEqualTo(manifestDigest(repository, "1.0"));
        String log = output.text(LogStream.STDOUT);
        assertThat(log)
                .contains("The push refers to repository [" + REGISTRY + "/" + repository + "]")
                .contains("1.0: digest: " + digest)
                .as("a line per status, not per progress tick")
                .doesNotContain("[=");
        assertThat(log.lines().filter(line -> line.endsWith(": Pushing")).toList())
                .doesNotHaveDuplicates();
    }

    @Test
    void aPushToARegistryThatIsNotThereFailsWithTheReasonAndNoPassword() {
        String tag = "127.0.0.1:5999/x/y:1";
        build("FROM busybox:latest\n", tag);
        String password = "s3cret-" + RUN;
        RegistryCredentials credentials = new RegistryCredentials("127.0.0.1:5999", "ci", password);

        assertThatThrownBy(() -> builder.push(tag, credentials, output, TIMEOUT, () -> false))
                .isExactlyInstanceOf(ImageBuildFailedException.class)
                .hasMessageStartingWith("pushing " + tag + " failed: ")
                .hasMessageContaining("connection refused")
                .message()
                .doesNotContain(password);
        assertThat(output.text(LogStream.STDOUT) + output.text(LogStream.STDERR))
                .doesNotContain(password);
    }

    @Test
    void aStoppedBuildIsAbandonedWithinSecondsAndLeavesNoContainer() {
        String marker = "slipway-stop-" + RUN;
        InputStream context = tar(Map.of("Dockerfile", "FROM busybox:latest\nRUN sleep 30 && echo " + marker + "\n"));
        AtomicBoolean stepRunning = new AtomicBoolean();
        OutputListener watching = (stream, bytes, offset, length) -> {
            output.onOutput(stream, bytes, offset, length);
            if (new String(bytes, offset, length, StandardCharsets.UTF_8).contains("Running in")) {
                stepRunning.set(true);
            }
        };
        long started = System.nanoTime();

        assertThatThrownBy(() -> builder.build(
                        context,
                        "Dockerfile",
                        Map.of(),
                        List.of(),
                        LABELS,
                        SANDBOX,
                        watching,
                        TIMEOUT,
                        stepRunning::get))
                .isInstanceOfSatisfying(
                        BuildStoppedException.class,
                        stopped -> assertThat(stopped.timedOut()).isFalse());

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(
                                docker.listContainersCmd().withShowAll(true).exec())
                        .as("the engine cancelled the step and removed its container")
                        .noneMatch(container -> container.getCommand().contains(marker)));
    }

    @Test
    void aBuildPastItsTimeoutIsAbandonedAsTimedOut() {
        InputStream context = tar(Map.of("Dockerfile", "FROM busybox:latest\nRUN sleep 30\n"));
        long started = System.nanoTime();

        assertThatThrownBy(() -> builder.build(
                        context,
                        "Dockerfile",
                        Map.of(),
                        List.of(),
                        LABELS,
                        SANDBOX,
                        output,
                        Duration.ofSeconds(2),
                        () -> false))
                .isInstanceOfSatisfying(BuildStoppedException.class, stopped -> {
                    assertThat(stopped.timedOut()).isTrue();
                    assertThat(stopped).hasMessage("the build did not finish within PT2S");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));
    }

    private void build(String dockerfile, String tag) {
        builder.build(
                tar(Map.of("Dockerfile", dockerfile)),
                "Dockerfile",
                Map.of(),
                List.of(tag),
                LABELS,
                SANDBOX,
                output,
                TIMEOUT,
                () -> false);
    }

    /** What the registry itself names the manifest of a tag by. */
    private static String manifestDigest(String repository, String tag) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://" + REGISTRY + "/v2/" + repository + "/manifests/" + tag))
                            .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.headers().firstValue("Docker-Content-Digest").orElseThrow();
        }
    }

    private static InputStream tar(Map<String, String> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (var file : files.entrySet()) {
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    /** The text a listener was given, per stream. */
    private static final class CollectedOutput implements OutputListener {

        private final Map<LogStream, StringBuilder> texts = new EnumMap<>(LogStream.class);

        @Override
        public synchronized void onOutput(LogStream stream, byte[] bytes, int offset, int length) {
            texts.computeIfAbsent(stream, _ -> new StringBuilder())
                    .append(new String(bytes, offset, length, StandardCharsets.UTF_8));
        }

        synchronized String text(LogStream stream) {
            return texts.getOrDefault(stream, new StringBuilder()).toString();
        }
    }
}
