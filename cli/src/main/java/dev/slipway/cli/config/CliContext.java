package dev.slipway.cli.config;

import dev.slipway.cli.http.ApiClient;
import dev.slipway.cli.output.Printer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one run of the command has: its environment variables, its streams, the credentials file,
 * and a client of the gateway made on first use (so that {@code --help} needs no login).
 */
public final class CliContext {

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;
    private final JsonMapper json = JsonMapper.builder().build();
    private @Nullable ApiClient api;

    public CliContext(Map<String, String> environment, PrintStream out, PrintStream err, InputStream in) {
        this.environment = environment;
        this.out = out;
        this.err = err;
        this.in = in;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public InputStream in() {
        return in;
    }

    /** Prints one record as the caller's --output asks. */
    public Printer printer() {
        return new Printer(out, json);
    }

    public JsonMapper json() {
        return json;
    }

    public CredentialsFile credentialsFile() {
        return CredentialsFile.of(environment, json);
    }

    public ApiClient api() throws IOException {
        ApiClient client = api;
        if (client == null) {
            client = client(credentialsFile().resolve(environment));
            api = client;
        }
        return client;
    }

    /** A client of another gateway or with another token, as {@code login} checks them. */
    public ApiClient api(Credentials credentials) {
        return client(credentials);
    }

    private ApiClient client(Credentials credentials) {
        return new ApiClient(credentials.url(), credentials.token(), json);
    }

    /** A message of the command itself, apart from a job's output on the same stream. */
    public void notice(String message) {
        err.println("slipway: " + message);
    }
}
