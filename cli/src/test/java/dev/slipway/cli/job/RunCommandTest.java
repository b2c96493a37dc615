package dev.slipway.cli.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.cli.config.CliContext;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What {@code slipway run}'s arguments submit. */
class RunCommandTest {

    @TempDir
    Path directory;

    private String request(String stdin, String... args) throws Exception {
        CliContext context = new CliContext(
                Map.of(),
                new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        RunCommand run = new RunCommand(context);
        new CommandLine(run).parseArgs(args);
        return context.json().writeValueAsString(run.request());
    }

    @Test
    void theImageAndTheArgumentsAfterTheDoubleDashBecomeTheJobsCommand() throws Exception {
        assertThat(request("", "busybox:latest", "--", "sh", "-c", "exit 3"))
                .isEqualTo("{\"image\":\"busybox:latest\",\"command\":[\"sh\",\"-c\",\"exit 3\"]}");
    }

    @Test
    void optionsSetPoolTimeoutAndEnvironment() throws Exception {
        assertThat(request("", "--pool", "rpm", "--timeout", "30", "-e", "A=1", "--env", "B=x=y", "img", "--", "true"))
                .isEqualTo("{\"image\":\"img\",\"command\":[\"true\"],\"pool\":\"rpm\",\"timeoutSeconds\":30,"
                        + "\"env\":{\"A\":\"1\",\"B\":\"x=y\"}}");
    }

    @Test
    void aJobFileIsSubmittedAsItIsWithTheCommandLineOnTop() throws Exception {
        Path file = directory.resolve("job.json");
        Files.writeString(file, """
                {"image":"busybox","script":["echo hi"],"env":{"KEEP":"1"},"labels":{"team":"infra"}}""");

        assertThat(request("", "-f", file.toString()))
                .isEqualTo("{\"image\":\"busybox\",\"script\":[\"echo hi\"],\"env\":{\"KEEP\":\"1\"},"
                        + "\"labels\":{\"team\":\"infra\"}}");
        assertThat(request("", "-f", file.toString(), "-e", "MORE=2", "--pool", "p", "other:1", "--", "make"))
                .isEqualTo("{\"image\":\"other:1\",\"env\":{\"KEEP\":\"1\",\"MORE\":\"2\"},"
                        + "\"labels\":{\"team\":\"infra\"},\"command\":[\"make\"],\"pool\":\"p\"}");
        assertThat(request("{\"image\":\"from-stdin\",\"command\":[\"id\"]}", "-f", "-"))
                .isEqualTo("{\"image\":\"from-stdin\",\"command\":[\"id\"]}");
    }

    @Test
    void withoutAnImageAnywhereNothingIsSubmitted() {
        assertThatThrownBy(() -> request("", "--pool", "p"))
                .hasMessageContaining("an IMAGE, or a job file (-f) that names one, is needed");
    }

    @Test
    void aSourceBecomesTheJobsUploadReplacingTheFilesSource() throws Exception {
        Path file = directory.resolve("job.json");
        Files.writeString(file, """
                {"image":"busybox","source":{"git":{"url":"https://example.org/r.git"}}}""");
        CliContext context = new CliContext(
                Map.of(),
                new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0]));
        RunCommand run = new RunCommand(context);
        new CommandLine(run).parseArgs("--source", directory.toString(), "-f", file.toString());

        assertThat(run.source).isEqualTo(directory);
        tools.jackson.databind.node.ObjectNode request = run.request();
        JobSubmission.withUpload(request, "upl_1");
        assertThat(context.json().writeValueAsString(request))
                .isEqualTo("{\"image\":\"busybox\",\"source\":{\"upload\":\"upl_1\"}}");
    }
}
