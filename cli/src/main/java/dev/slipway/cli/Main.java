package dev.slipway.cli;

import dev.slipway.cli.config.CliContext;
import dev.slipway.cli.output.ExitCodes;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/** The {@code slipway} command. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        // UTF-8 whatever the locale: a job's log is UTF-8, and a C locale would print '?' for the rest
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int exitCode = commandLine(new CliContext(System.getenv(), out, err, System.in), System.getenv())
                .execute(args);
        out.flush();
        err.flush();
        System.exit(exitCode);
    }

    /** --help (and --version) on every command, without repeating it on each. */
    private static void withHelp(CommandLine command) {
        // a method's command takes its options as parameters: it declares its own help options
        if (!(command.getCommandSpec().userObject() instanceof java.lang.reflect.Method)) {
            command.getCommandSpec().mixinStandardHelpOptions(true);
        }
        command.getSubcommands().values().forEach(Main::withHelp);
    }

    static CommandLine commandLine(CliContext context, Map<String, String> environment) {
        CommandLine commandLine = new CommandLine(SlipwayCommand.class, new CliFactory(context));
        commandLine.setOut(new PrintWriter(new OutputStreamWriter(context.out(), StandardCharsets.UTF_8), true));
        commandLine.setErr(new PrintWriter(new OutputStreamWriter(context.err(), StandardCharsets.UTF_8), true));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        withHelp(commandLine);
        commandLine.setExecutionExceptionHandler(new ErrorReporter(context, environment.containsKey("SLIPWAY_DEBUG")));
        commandLine.setParameterExceptionHandler((failure, args) -> {
            CommandLine command = failure.getCommandLine();
            command.getErr().println("slipway: " + failure.getMessage());
            command.getErr().println("Try '" + command.getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.USAGE;
        });
        return commandLine;
    }
}
