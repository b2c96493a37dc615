package dev.slipway.cli.job;

import dev.slipway.cli.config.CliContext;
import dev.slipway.cli.http.ApiClient;
import dev.slipway.cli.output.Fields;
import dev.slipway.cli.output.OutputFormat;
import dev.slipway.cli.output.Table;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "jobs", description = "Lists, shows and cancels jobs.")
public final class JobsCommand {

    private final CliContext context;

    public JobsCommand(CliContext context) {
        this.context = context;
    }

    @Command(
            mixinStandardHelpOptions = true,
            name = "ls",
            description = {
                "Lists jobs, newest first: yours, or everyone's for operators and admins.",
                "--pool filters the page the gateway sent by the jobs' pool."
            })
    int ls(
            @Option(names = "--state", paramLabel = "STATE", description = "only jobs in this state") @Nullable
                    String state,
            @Option(names = "--pool", paramLabel = "POOL", description = "only jobs of this pool") @Nullable
                    String pool,
            @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "page size, 1-500")
                    int limit,
            @Option(names = "--cursor", paramLabel = "CURSOR", description = "the next page's cursor") @Nullable
                    String cursor,
            @Option(
                            names = {"-o", "--output"},
                            paramLabel = "FORMAT",
                            defaultValue = "table",
                            description = "table, or json: the API's JSON as it came")
                    OutputFormat output)
            throws Exception {
        StringBuilder query = new StringBuilder("?limit=" + limit);
        if (state != null) {
            query.append("&state=").append(encode(state.toUpperCase(Locale.ROOT)));
        }
        if (cursor != null) {
            query.append("&cursor=").append(encode(cursor));
        }
        String body = context.api().getText("/api/v1/jobs" + query);
        JsonNode page = context.json().readTree(body);
        List<JsonNode> jobs = new ArrayList<>();
        for (JsonNode job : page.path("items")) {
            if (pool == null || pool.equals(job.path("spec").path("pool").asString())) {
                jobs.add(job);
            }
        }
        if (output.json()) {
            if (pool == null) {
                context.out().println(body);
            } else {
                ObjectNode filtered = ((ObjectNode) page).deepCopy();
                ArrayNode items = filtered.putArray("items");
                jobs.forEach(items::add);
                context.out().println(context.json().writeValueAsString(filtered));
            }
            return 0;
        }
        Table table = new Table("ID", "STATE", "EXIT", "IMAGE", "POOL", "OWNER", "CREATED");
        for (JsonNode job : jobs) {
            table.row(
                    Fields.text(job.path("id")),
                    Fields.text(job.path("state")),
                    Fields.text(job.path("exitCode")),
                    Fields.text(job.path("spec").path("image")),
                    Fields.text(job.path("spec").path("pool")),
                    Fields.text(job.path("owner")),
                    Fields.text(job.path("createdAt")));
        }
        table.print(context.out());
        if (page.path("nextCursor").isString()) {
            context.notice("more: --cursor " + page.path("nextCursor").asString());
        }
        return 0;
    }

    @Command(mixinStandardHelpOptions = true, name = "get", description = "Shows a job.")
    int get(
            @Parameters(paramLabel = "ID", description = "the job") String id,
            @Option(
                            names = {"-o", "--output"},
                            paramLabel = "FORMAT",
                            defaultValue = "table",
                            description = "table, or json: the API's JSON as it came")
                    OutputFormat output)
            throws Exception {
        context.printer().record(context.api().getText("/api/v1/jobs/" + ApiClient.segment(id)), output);
        return 0;
    }

    @Command(
            mixinStandardHelpOptions = true,
            name = "cancel",
            description = "Cancels a job: a queued one at once, a running one once its container stopped.")
    int cancel(@Parameters(paramLabel = "ID", description = "the job") String id) throws Exception {
        JsonNode job = context.api().post("/api/v1/jobs/" + ApiClient.segment(id) + "/cancel", null);
        context.out().println(id + " " + Fields.text(job.path("state")));
        return 0;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
