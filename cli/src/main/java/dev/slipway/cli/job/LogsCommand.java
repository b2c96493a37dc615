package dev.slipway.cli.job;

import dev.slipway.cli.config.CliContext;
import dev.slipway.cli.http.ApiClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "logs",
        description = {
            "Prints a job's log, or follows it (-f).",
            "Without -f: the log so far, stdout and stderr interleaved as the gateway collected them.",
            "With -f, follows it until the job ends, each line on its own stream, and exits as 'run' does."
        })
public final class LogsCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(
            names = {"-f", "--follow"},
            description = "follow the log until the job ends")
    boolean follow;

    @Parameters(paramLabel = "ID", description = "the job")
    String id = "";

    public LogsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        ApiClient api = context.api();
        if (follow) {
            return new JobFollow(context, api).follow(id, false);
        }
        api.download("/api/v1/jobs/" + ApiClient.segment(id) + "/log", context.out());
        context.out().flush();
        return 0;
    }
}
