package dev.slipway.cli.upload;

import dev.slipway.cli.config.CliContext;
import dev.slipway.cli.output.OutputFormat;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "upload",
        description = {
            "Uploads a source archive and prints its id, for a job's \"source\":{\"upload\":\"<id>\"}.",
            "A directory is sent as a gzip-compressed tar of its contents (names relative to it, links kept);"
                    + " a .tar, .tar.gz or .tgz file as it is."
        })
public final class UploadCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(paramLabel = "PATH", description = "a directory, or a .tar, .tar.gz or .tgz file")
    Path path = Path.of(".");

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "table (the id alone), or json: the API's JSON as it came")
    OutputFormat output = OutputFormat.TABLE;

    public UploadCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        String body = Uploads.send(context, path);
        context.out()
                .println(
                        output.json()
                                ? body
                                : context.json().readTree(body).path("id").asString());
        return 0;
    }
}
