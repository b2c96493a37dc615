package dev.slipway.cli.worker;

import dev.slipway.cli.config.CliContext;
import dev.slipway.cli.http.ApiClient;
import dev.slipway.cli.output.Fields;
import dev.slipway.cli.output.OutputFormat;
import dev.slipway.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "workers", description = "Lists, cordons, uncordons and drains workers.")
public final class WorkersCommand {

    private final CliContext context;

    public WorkersCommand(CliContext context) {
        this.context = context;
    }

    @Command(mixinStandardHelpOptions = true, name = "ls", description = "Lists the workers that heartbeated lately.")
    int ls(
            @Option(
                            names = {"-o", "--output"},
                            paramLabel = "FORMAT",
                            defaultValue = "table",
                            description = "table, or json: the API's JSON as it came")
                    OutputFormat output)
            throws Exception {
        String body = context.api().getText("/api/v1/workers");
        if (output.json()) {
            context.out().println(body);
            return 0;
        }
        Table table = new Table("ID", "STATE", "POOLS", "SLOTS", "FREE", "RUNNING", "HOST", "LAST HEARTBEAT");
        for (JsonNode worker : context.json().readTree(body)) {
            table.row(
                    Fields.text(worker.path("id")),
                    Fields.text(worker.path("state")),
                    String.join(
                            ",",
                            worker.path("pools")
                                    .valueStream()
                                    .map(JsonNode::asString)
                                    .toList()),
                    Fields.text(worker.path("slots")),
                    Fields.text(worker.path("freeSlots")),
                    worker.path("running").size(),
                    Fields.text(worker.path("host")),
                    Fields.text(worker.path("lastHeartbeatAt")));
        }
        table.print(context.out());
        return 0;
    }

    @Command(mixinStandardHelpOptions = true, name = "get", description = "Shows a worker.")
    int get(
            @Parameters(paramLabel = "ID", description = "the worker") String id,
            @Option(
                            names = {"-o", "--output"},
                            paramLabel = "FORMAT",
                            defaultValue = "table",
                            description = "table, or json: the API's JSON as it came")
                    OutputFormat output)
            throws Exception {
        context.printer().record(context.api().getText("/api/v1/workers/" + ApiClient.segment(id)), output);
        return 0;
    }

    @Command(
            mixinStandardHelpOptions = true,
            name = "cordon",
            description = "Stops new work going to a worker; what runs goes on.")
    int cordon(@Parameters(paramLabel = "ID", description = "the worker") String id) throws Exception {
        return ask(id, "cordon");
    }

    @Command(
            mixinStandardHelpOptions = true,
            name = "uncordon",
            description = "Lets a cordoned or drained worker take work again.")
    int uncordon(@Parameters(paramLabel = "ID", description = "the worker") String id) throws Exception {
        return ask(id, "uncordon");
    }

    @Command(
            mixinStandardHelpOptions = true,
            name = "drain",
            description = "Stops new work going to a worker and hands its running jobs back after its drain timeout.")
    int drain(@Parameters(paramLabel = "ID", description = "the worker") String id) throws Exception {
        return ask(id, "drain");
    }

    private int ask(String id, String move) throws Exception {
        JsonNode worker = context.api().post("/api/v1/workers/" + ApiClient.segment(id) + "/" + move, null);
        context.out()
                .println(id + " " + Fields.text(worker.path("state")) + " (requested "
                        + Fields.text(worker.path("requested")) + ")");
        return 0;
    }
}
