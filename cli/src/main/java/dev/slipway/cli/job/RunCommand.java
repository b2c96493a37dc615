package dev.slipway.cli.job;

import dev.slipway.cli.config.CliContext;
import dev.slipway.cli.http.ApiClient;
import dev.slipway.cli.tty.Interrupts;
import dev.slipway.cli.upload.Uploads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@Command(
        name = "run",
        description = {
            "Submits a job and follows its log to its end.",
            "The job's stdout goes to stdout, its stderr to stderr; the connection is resumed when it drops.",
            "Exits with the job's exit code; 124 when it timed out, 125 when the platform failed it,"
                    + " 130 when it was cancelled, 69 when the gateway refused or could not be reached.",
            "Ctrl-C asks whether to cancel the job (without a terminal it keeps running)."
        })
public final class RunCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    @Nullable
    CommandSpec spec;

    @Option(names = "--pool", paramLabel = "POOL", description = "the pool (queue) to run in")
    @Nullable
    String pool;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "wall-clock limit of one attempt")
    @Nullable
    Long timeoutSeconds;

    @Option(
            names = {"-e", "--env"},
            paramLabel = "NAME=VALUE",
            description = "an environment variable of the job (repeatable)")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = "--detach", description = "print the job's id and exit without following it")
    boolean detach;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "JOB.json",
            description = "a job as POST /api/v1/jobs takes it ('-' for stdin); the other arguments override it")
    @Nullable
    Path file;

    @Option(
            names = "--source",
            paramLabel = "PATH",
            description = "a directory or a .tar/.tar.gz/.tgz, uploaded first and unpacked into the job's workdir")
    @Nullable
    Path source;

    @Parameters(
            paramLabel = "IMAGE [-- CMD...]",
            description = "the image, then after -- the command to run in it (passed to its entrypoint)")
    List<String> positional = new ArrayList<>();

    public RunCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        ObjectNode request = request();
        ApiClient api = context.api();
        if (source != null) {
            String upload = context.json()
                    .readTree(Uploads.send(context, source))
                    .path("id")
                    .asString();
            context.notice("upload " + upload);
            JobSubmission.withUpload(request, upload);
        }
        String id = api.post("/api/v1/jobs", request).path("id").asString();
        if (detach) {
            context.out().println(id);
            return 0;
        }
        context.notice("job " + id);
        Interrupts.onInterrupt(new CancelOnInterrupt(context, api, id));
        return new JobFollow(context, api).follow(id, true);
    }

    ObjectNode request() throws java.io.IOException {
        JsonNode fromFile = null;
        if (file != null) {
            String text = file.toString().equals("-")
                    ? new String(context.in().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    : Files.readString(file);
            fromFile = context.json().readTree(text);
        }
        String image = positional.isEmpty() ? null : positional.getFirst();
        List<String> command = positional.size() > 1 ? positional.subList(1, positional.size()) : List.of();
        try {
            return JobSubmission.request(context.json(), fromFile, image, command, pool, timeoutSeconds, env);
        } catch (IllegalArgumentException e) {
            if (spec == null) {
                throw e;
            }
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
