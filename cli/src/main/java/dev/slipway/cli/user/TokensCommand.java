package dev.slipway.cli.user;

import dev.slipway.cli.config.CliContext;
import dev.slipway.cli.http.ApiClient;
import dev.slipway.cli.output.Fields;
import dev.slipway.cli.output.OutputFormat;
import dev.slipway.cli.output.Table;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(
        name = "tokens",
        description = {
            "Lists, creates and revokes API tokens: your own, or (admins) anyone's with --user.",
            "A token's secret is shown only when it is created."
        })
public final class TokensCommand {

    private final CliContext context;

    public TokensCommand(CliContext context) {
        this.context = context;
    }

    @Command(mixinStandardHelpOptions = true, name = "ls", description = "Lists a user's tokens, never their secrets.")
    int ls(
            @Option(names = "--user", paramLabel = "NAME", description = "whose tokens (default: yours)") @Nullable
                    String user,
            @Option(
                            names = {"-o", "--output"},
                            paramLabel = "FORMAT",
                            defaultValue = "table",
                            description = "table, or json: the API's JSON as it came")
                    OutputFormat output)
            throws Exception {
        String body = context.api().getText(tokens(user));
        if (output.json()) {
            context.out().println(body);
            return 0;
        }
        Table table = new Table("ID", "NAME", "CREATED", "EXPIRES", "LAST USED");
        for (JsonNode token : context.json().readTree(body)) {
            table.row(
                    Fields.text(token.path("id")),
                    Fields.text(token.path("name")),
                    Fields.text(token.path("createdAt")),
                    Fields.text(token.path("expiresAt")),
                    Fields.text(token.path("lastUsedAt")));
        }
        table.print(context.out());
        return 0;
    }

    @Command(
            mixinStandardHelpOptions = true,
            name = "create",
            description = {
                "Creates a token and prints its secret alone on stdout, to pipe or keep;" + " it is not shown again.",
                "Without --days the gateway's default lifetime applies."
            })
    int create(
            @Option(names = "--user", paramLabel = "NAME", description = "whose token (default: yours)") @Nullable
                    String user,
            @Option(
                            names = "--name",
                            paramLabel = "NAME",
                            defaultValue = "cli",
                            description = "what the token is for, as listings show it (default: ${DEFAULT-VALUE})")
                    String name,
            @Option(names = "--days", paramLabel = "DAYS", description = "days until it expires") @Nullable
                    Integer days,
            @Option(
                            names = {"-o", "--output"},
                            paramLabel = "FORMAT",
                            defaultValue = "table",
                            description = "table (the secret alone), or json: the API's JSON, secret included")
                    OutputFormat output)
            throws Exception {
        JsonNode issued = context.api().post(tokens(user), UserBodies.newToken(context.json(), name, days));
        if (output.json()) {
            context.out().println(context.json().writeValueAsString(issued));
        } else {
            context.out().println(issued.path("token").asString());
        }
        context.notice("token " + Fields.text(issued.path("id")) + " (" + Fields.text(issued.path("name"))
                + "), expires " + Fields.text(issued.path("expiresAt"))
                + ": its secret is shown only this once");
        return 0;
    }

    @Command(
            mixinStandardHelpOptions = true,
            name = "revoke",
            description = "Revokes a token: it signs no one in from then on.")
    int revoke(
            @Parameters(paramLabel = "ID", description = "the token's id, as tokens ls lists it") String id,
            @Option(names = "--user", paramLabel = "NAME", description = "whose token (default: yours)") @Nullable
                    String user)
            throws Exception {
        context.api().delete(tokens(user) + "/" + ApiClient.segment(id));
        context.out().println(id + " revoked");
        return 0;
    }

    /** The tokens of the user named, or of the one signed in as the gateway knows them. */
    private String tokens(@Nullable String user) throws Exception {
        String name = user != null
                ? user
                : context.api().get("/api/v1/me").path("name").asString();
        return "/api/v1/users/" + ApiClient.segment(name) + "/tokens";
    }
}
