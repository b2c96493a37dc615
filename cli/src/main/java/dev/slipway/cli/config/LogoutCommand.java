package dev.slipway.cli.config;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "logout", description = "Deletes the kept gateway URL and token.")
public final class LogoutCommand implements Callable<Integer> {

    private final CliContext context;

    public LogoutCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        CredentialsFile file = context.credentialsFile();
        context.out().println(file.delete() ? "Deleted " + file.path() : "Not logged in (no " + file.path() + ")");
        return 0;
    }
}
