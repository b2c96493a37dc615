package dev.slipway.cli.artifact;

import dev.slipway.cli.config.CliContext;
import dev.slipway.cli.http.ApiClient;
import dev.slipway.cli.output.Fields;
import dev.slipway.cli.output.OutputFormat;
import dev.slipway.cli.output.Table;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "artifacts", description = "Lists and downloads the files a job kept.")
public final class ArtifactsCommand {

    private final CliContext context;

    public ArtifactsCommand(CliContext context) {
        this.context = context;
    }

    @Command(mixinStandardHelpOptions = true, name = "ls", description = "Lists a job's artifacts.")
    int ls(
            @Parameters(paramLabel = "ID", description = "the job") String id,
            @Option(
                            names = {"-o", "--output"},
                            paramLabel = "FORMAT",
                            defaultValue = "table",
                            description = "table, or json: the API's JSON as it came")
                    OutputFormat output)
            throws Exception {
        String body = context.api().getText("/api/v1/jobs/" + ApiClient.segment(id) + "/artifacts");
        if (output.json()) {
            context.out().println(body);
            return 0;
        }
        Table table = new Table("PATH", "SIZE", "SHA256");
        for (JsonNode file : context.json().readTree(body)) {
            table.row(Fields.text(file.path("path")), Fields.text(file.path("size")), Fields.text(file.path("sha256")));
        }
        table.print(context.out());
        return 0;
    }

    @Command(
            mixinStandardHelpOptions = true,
            name = "get",
            description = {
                "Downloads one artifact (PATH) or all of them as a zip (no PATH).",
                "Into the file's name (or ID-artifacts.zip) in the current directory unless -o says where; -o - is stdout."
            })
    int get(
            @Parameters(index = "0", paramLabel = "ID", description = "the job") String id,
            @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "the artifact's path") @Nullable
                    String path,
            @Option(
                            names = {"-o", "--output-file"},
                            paramLabel = "FILE",
                            description = "where to write it")
                    @Nullable
                    String target)
            throws Exception {
        String job = "/api/v1/jobs/" + ApiClient.segment(id);
        String source = path == null
                ? job + "/artifacts.zip"
                : job + "/artifacts/"
                        + Arrays.stream(path.split("/"))
                                .filter(segment -> !segment.isEmpty())
                                .map(ApiClient::segment)
                                .collect(Collectors.joining("/"));
        if ("-".equals(target)) {
            context.api().download(source, context.out());
            context.out().flush();
            return 0;
        }
        Path file = Path.of(
                target != null
                        ? target
                        : path == null
                                ? id + "-artifacts.zip"
                                : Path.of(path).getFileName().toString());
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(partial)) {
            context.api().download(source, out);
        } catch (Exception e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        context.notice("wrote " + file + " (" + Files.size(file) + " bytes)");
        return 0;
    }
}
