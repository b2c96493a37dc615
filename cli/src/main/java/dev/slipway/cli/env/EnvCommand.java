package dev.slipway.cli.env;

import dev.slipway.cli.config.CliContext;
import dev.slipway.cli.http.ApiClient;
import dev.slipway.cli.output.ExitCodes;
import dev.slipway.cli.output.Fields;
import dev.slipway.cli.output.OutputFormat;
import dev.slipway.cli.output.Table;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "env", description = "Creates, uses, stops and removes environments.")
public final class EnvCommand {

    private static final Set<String> SETTLED = Set.of("RUNNING", "STOPPED", "FAILED", "EXPIRED", "REMOVED", "LOST");

    private final CliContext context;

    public EnvCommand(CliContext context) {
        this.context = context;
    }

    @Command(
            mixinStandardHelpOptions = true,
            name = "create",
            description = {
                "Creates an environment from a template.",
                "It is PENDING until a worker takes it; --wait waits until it runs."
            })
    int create(
            @Option(names = "--template", required = true, paramLabel = "TEMPLATE", description = "the template")
                    String template,
            @Option(names = "--name", paramLabel = "NAME", description = "its name (default: the template's and an id)")
                    @Nullable
                    String name,
            @Option(names = "--ttl", paramLabel = "DURATION", description = "its lifetime, ISO-8601 (PT4H)") @Nullable
                    String ttl,
            @Option(names = "--wait", description = "wait until it runs (or failed)") boolean wait,
            @Option(
                            names = {"-o", "--output"},
                            paramLabel = "FORMAT",
                            defaultValue = "table",
                            description = "table, or json: the API's JSON as it came")
                    OutputFormat output)
            throws Exception {
        ObjectNode request = context.json().createObjectNode().put("template", template);
        if (name != null) {
            request.put("name", name);
        }
        if (ttl != null) {
            request.put("ttl", ttl);
        }
        JsonNode environment = context.api().post("/api/v1/environments", request);
        String id = environment.path("id").asString();
        if (wait) {
            environment = awaitSettled(id);
        }
        print(environment, output);
        return wait && !environment.path("state").asString().equals("RUNNING") ? ExitCodes.CLI_ERROR : 0;
    }

    @Command(mixinStandardHelpOptions = true, name = "ls", description = "Lists environments, newest first.")
    int ls(
            @Option(names = "--state", paramLabel = "STATE", description = "only environments in this state") @Nullable
                    String state,
            @Option(
                            names = {"-o", "--output"},
                            paramLabel = "FORMAT",
                            defaultValue = "table",
                            description = "table, or json: the API's JSON as it came")
                    OutputFormat output)
            throws Exception {
        String query = state == null
                ? ""
                : "?state=" + URLEncoder.encode(state.toUpperCase(Locale.ROOT), StandardCharsets.UTF_8);
        String body = context.api().getText("/api/v1/environments" + query);
        if (output.json()) {
            context.out().println(body);
            return 0;
        }
        Table table = new Table("ID", "NAME", "STATE", "TEMPLATE", "WORKER", "OWNER", "EXPIRES");
        for (JsonNode environment : context.json().readTree(body).path("items")) {
            table.row(
                    Fields.text(environment.path("id")),
                    Fields.text(environment.path("name")),
                    Fields.text(environment.path("state")),
                    Fields.text(environment.path("template")),
                    Fields.text(environment.path("workerId")),
                    Fields.text(environment.path("owner")),
                    Fields.text(environment.path("expiresAt")));
        }
        table.print(context.out());
        return 0;
    }

    @Command(mixinStandardHelpOptions = true, name = "get", description = "Shows an environment.")
    int get(
            @Parameters(paramLabel = "ID", description = "the environment") String id,
            @Option(
                            names = {"-o", "--output"},
                            paramLabel = "FORMAT",
                            defaultValue = "table",
                            description = "table, or json: the API's JSON as it came")
                    OutputFormat output)
            throws Exception {
        context.printer().record(context.api().getText(path(id)), output);
        return 0;
    }

    @Command(mixinStandardHelpOptions = true, name = "start", description = "Starts a stopped environment.")
    int start(@Parameters(paramLabel = "ID", description = "the environment") String id) throws Exception {
        return move(id, "start");
    }

    @Command(
            mixinStandardHelpOptions = true,
            name = "stop",
            description = "Stops a running environment; its files are kept.")
    int stop(@Parameters(paramLabel = "ID", description = "the environment") String id) throws Exception {
        return move(id, "stop");
    }

    @Command(mixinStandardHelpOptions = true, name = "restart", description = "Restarts a running environment.")
    int restart(@Parameters(paramLabel = "ID", description = "the environment") String id) throws Exception {
        return move(id, "restart");
    }

    @Command(mixinStandardHelpOptions = true, name = "rm", description = "Removes an environment and its container.")
    int rm(@Parameters(paramLabel = "ID", description = "the environment") String id) throws Exception {
        JsonNode environment = context.api().delete(path(id));
        context.out()
                .println(id + " " + Fields.text(environment.path("state"))
                        + (environment.path("removeRequested").asBoolean() ? " (removal requested)" : ""));
        return 0;
    }

    @Command(
            mixinStandardHelpOptions = true,
            name = "exec",
            description = {
                "Runs a command in a running environment without a terminal; prints its output and exits with its code",
                "(124 when it timed out, 125 when it could not run)."
            })
    int exec(
            @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30", description = "1-600")
                    int timeoutSeconds,
            @Parameters(index = "0", paramLabel = "ID", description = "the environment") String id,
            @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD", description = "the command, after --")
                    List<String> command)
            throws Exception {
        ObjectNode request = context.json().createObjectNode().put("timeoutSeconds", timeoutSeconds);
        ArrayNode argv = request.putArray("command");
        command.forEach(argv::add);
        JsonNode result = context.api().post(path(id) + "/exec", request);
        context.out().print(result.path("stdout").asString(""));
        context.out().flush();
        context.err().print(result.path("stderr").asString(""));
        if (result.path("truncated").asBoolean()) {
            context.notice("output truncated at the worker's cap");
        }
        if (result.path("timedOut").asBoolean()) {
            context.notice("timed out after " + timeoutSeconds + " s");
            return ExitCodes.TIMED_OUT;
        }
        if (result.path("error").isString()) {
            context.notice(result.path("error").asString());
        }
        JsonNode exitCode = result.path("exitCode");
        return exitCode.isNumber() ? exitCode.asInt() : ExitCodes.PLATFORM_FAILED;
    }

    @Command(
            mixinStandardHelpOptions = true,
            name = "shell",
            description = {
                "Opens an interactive shell in a running environment, in raw mode on this terminal.",
                "Exits with the shell's exit code (125 when the session ended otherwise: closed, idle, stopped)."
            })
    int shell(@Parameters(paramLabel = "ID", description = "the environment") String id) throws Exception {
        return new ShellSession(context, context.api()).run(id);
    }

    private int move(String id, String move) throws Exception {
        JsonNode environment = context.api().post(path(id) + "/" + move, null);
        context.out().println(id + " " + Fields.text(environment.path("state")));
        return 0;
    }

    private JsonNode awaitSettled(String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (true) {
            JsonNode environment = context.api().get(path(id));
            if (SETTLED.contains(environment.path("state").asString()) || System.nanoTime() > deadline) {
                return environment;
            }
            Thread.sleep(500);
        }
    }

    private void print(JsonNode environment, OutputFormat output) {
        context.printer().record(environment, output);
    }

    private static String path(String id) {
        return "/api/v1/environments/" + ApiClient.segment(id);
    }
}
