package dev.slipway.cli.config;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(
        name = "login",
        description = {
            "Checks a token with a gateway and keeps both for later commands.",
            "They go to $XDG_CONFIG_HOME/slipway/credentials (else ~/.config/slipway/credentials),",
            "readable by you only.",
            "SLIPWAY_URL and SLIPWAY_TOKEN override what it keeps."
        })
public final class LoginCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(paramLabel = "URL", description = "the gateway, e.g. http://localhost:8080")
    String url = "";

    @Option(names = "--token-stdin", description = "read the token from stdin instead of asking for it")
    boolean tokenStdin;

    public LoginCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        String token = readToken().strip();
        if (token.isEmpty()) {
            throw new IllegalArgumentException("no token given");
        }
        Credentials credentials = new Credentials(url, token);
        JsonNode me = context.api(credentials).get("/api/v1/me");
        CredentialsFile file = context.credentialsFile();
        file.write(credentials);
        context.out()
                .println("Logged in to " + credentials.url() + " as "
                        + me.path("name").asString() + " (" + me.path("role").asString() + "); credentials in "
                        + file.path());
        return 0;
    }

    // null still happens (a JVM started without any console, e.g. -Djdk.console=none)
    @SuppressWarnings("SystemConsoleNull")
    private String readToken() throws java.io.IOException {
        if (tokenStdin) {
            String line = new BufferedReader(new InputStreamReader(context.in(), StandardCharsets.UTF_8)).readLine();
            return line == null ? "" : line;
        }
        Console console = System.console();
        if (console == null || !console.isTerminal()) {
            throw new IllegalArgumentException("no terminal to ask for the token on: use --token-stdin");
        }
        char[] typed = console.readPassword("Token for %s: ", url);
        return typed == null ? "" : new String(typed);
    }
}
