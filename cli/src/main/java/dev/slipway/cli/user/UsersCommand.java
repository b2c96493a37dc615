package dev.slipway.cli.user;

import dev.slipway.cli.config.CliContext;
import dev.slipway.cli.http.ApiClient;
import dev.slipway.cli.output.Fields;
import dev.slipway.cli.output.OutputFormat;
import dev.slipway.cli.output.Table;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

@Command(
        name = "users",
        description = {
            "Creates, lists, changes and deletes users (admins; a user may get themselves).",
            "A quota left out is the gateway's default (\"-\" in the listing)."
        })
public final class UsersCommand {

    private final CliContext context;

    @Spec
    @Nullable
    CommandSpec spec;

    public UsersCommand(CliContext context) {
        this.context = context;
    }

    @Command(mixinStandardHelpOptions = true, name = "ls", description = "Lists the users.")
    int ls(
            @Option(
                            names = {"-o", "--output"},
                            paramLabel = "FORMAT",
                            defaultValue = "table",
                            description = "table, or json: the API's JSON as it came")
                    OutputFormat output)
            throws Exception {
        String body = context.api().getText("/api/v1/users");
        if (output.json()) {
            context.out().println(body);
            return 0;
        }
        Table table = new Table("NAME", "ROLE", "DISABLED", "JOBS", "ENVS", "ENV CPUS", "ENV MEMORY MB", "CREATED");
        for (JsonNode user : context.json().readTree(body)) {
            JsonNode quotas = user.path("quotas");
            table.row(
                    Fields.text(user.path("name")),
                    Fields.text(user.path("role")),
                    Fields.text(user.path("disabled")),
                    Fields.text(quotas.path("maxActiveJobs")),
                    Fields.text(quotas.path("maxEnvironments")),
                    Fields.text(quotas.path("maxEnvironmentCpus")),
                    Fields.text(quotas.path("maxEnvironmentMemoryMb")),
                    Fields.text(user.path("createdAt")));
        }
        table.print(context.out());
        return 0;
    }

    @Command(mixinStandardHelpOptions = true, name = "get", description = "Shows a user.")
    int get(
            @Parameters(paramLabel = "NAME", description = "the user") String name,
            @Option(
                            names = {"-o", "--output"},
                            paramLabel = "FORMAT",
                            defaultValue = "table",
                            description = "table, or json: the API's JSON as it came")
                    OutputFormat output)
            throws Exception {
        context.printer().record(context.api().getText("/api/v1/users/" + ApiClient.segment(name)), output);
        return 0;
    }

    @Command(mixinStandardHelpOptions = true, name = "create", description = "Creates a user, then prints it.")
    int create(
            @Parameters(paramLabel = "NAME", description = "2-32 characters of a-z, 0-9 and '-', a letter first")
                    String name,
            @Option(names = "--role", required = true, paramLabel = "ROLE", description = "user, operator or admin")
                    Role role,
            @Option(names = "--max-active-jobs", paramLabel = "N", description = "jobs queued or running at once")
                    @Nullable
                    Integer maxActiveJobs,
            @Option(names = "--max-environments", paramLabel = "N", description = "environments at once") @Nullable
                    Integer maxEnvironments,
            @Option(names = "--max-environment-cpus", paramLabel = "CPUS", description = "CPU cores of them together")
                    @Nullable
                    Double maxEnvironmentCpus,
            @Option(names = "--max-environment-memory-mb", paramLabel = "MB", description = "memory of them together")
                    @Nullable
                    Long maxEnvironmentMemoryMb,
            @Option(
                            names = {"-o", "--output"},
                            paramLabel = "FORMAT",
                            defaultValue = "table",
                            description = "table, or json: the API's JSON as it came")
                    OutputFormat output)
            throws Exception {
        UserBodies.QuotaOptions quotas =
                new UserBodies.QuotaOptions(maxActiveJobs, maxEnvironments, maxEnvironmentCpus, maxEnvironmentMemoryMb);
        JsonNode user = context.api().post("/api/v1/users", UserBodies.newUser(context.json(), name, role, quotas));
        context.printer().record(user, output);
        return 0;
    }

    @Command(
            mixinStandardHelpOptions = true,
            name = "set",
            description = "Changes a user's role, quotas or whether they are disabled, then prints it.")
    int set(
            @Parameters(paramLabel = "NAME", description = "the user") String name,
            @Option(names = "--role", paramLabel = "ROLE", description = "user, operator or admin") @Nullable Role role,
            @Option(
                            names = "--disabled",
                            paramLabel = "true|false",
                            arity = "1",
                            description = "a disabled user's tokens are refused until enabled again")
                    @Nullable
                    Boolean disabled,
            @Option(names = "--max-active-jobs", paramLabel = "N", description = "jobs queued or running at once")
                    @Nullable
                    Integer maxActiveJobs,
            @Option(names = "--max-environments", paramLabel = "N", description = "environments at once") @Nullable
                    Integer maxEnvironments,
            @Option(names = "--max-environment-cpus", paramLabel = "CPUS", description = "CPU cores of them together")
                    @Nullable
                    Double maxEnvironmentCpus,
            @Option(names = "--max-environment-memory-mb", paramLabel = "MB", description = "memory of them together")
                    @Nullable
                    Long maxEnvironmentMemoryMb,
            @Option(
                            names = {"-o", "--output"},
                            paramLabel = "FORMAT",
                            defaultValue = "table",
                            description = "table, or json: the API's JSON as it came")
                    OutputFormat output)
            throws Exception {
        UserBodies.QuotaOptions quotas =
                new UserBodies.QuotaOptions(maxActiveJobs, maxEnvironments, maxEnvironmentCpus, maxEnvironmentMemoryMb);
        JsonNode change;
        try {
            change = UserBodies.change(context.json(), role, disabled, quotas);
        } catch (IllegalArgumentException e) {
            CommandSpec users = spec;
            if (users == null) {
                throw e;
            }
            throw new ParameterException(users.subcommands().get("set"), e.getMessage());
        }
        JsonNode user = context.api().patch("/api/v1/users/" + ApiClient.segment(name), change);
        context.printer().record(user, output);
        return 0;
    }

    @Command(
            mixinStandardHelpOptions = true,
            name = "rm",
            description = "Deletes a user; their tokens stop working, their jobs stay.")
    int rm(@Parameters(paramLabel = "NAME", description = "the user") String name) throws Exception {
        context.api().delete("/api/v1/users/" + ApiClient.segment(name));
        context.out().println(name + " deleted");
        return 0;
    }
}
