package dev.slipway.cli;

import dev.slipway.cli.config.CliContext;
import dev.slipway.cli.config.NotLoggedInException;
import dev.slipway.cli.http.ApiException;
import dev.slipway.cli.output.ExitCodes;
import java.io.IOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * How a failed command ends: one line saying why (the gateway's problem detail and its field
 * errors, or the network's reason), and {@link ExitCodes#CLI_ERROR}. A stack trace only with
 * SLIPWAY_DEBUG set, since it helps nobody but a developer.
 */
final class ErrorReporter implements IExecutionExceptionHandler {

    private final CliContext context;
    private final boolean debug;

    ErrorReporter(CliContext context, boolean debug) {
        this.context = context;
        this.debug = debug;
    }

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parsed) {
        switch (failure) {
            case ApiException refused -> {
                // the detail of a refusal with field errors only repeats them, one line each is clearer
                context.notice(
                        refused.errors().isEmpty()
                                ? refused.getMessage() + " (HTTP " + refused.status() + ")"
                                : "the gateway refused the request (HTTP " + refused.status() + "):");
                for (ApiException.FieldError error : refused.errors()) {
                    context.err().println("  " + error.field() + ": " + error.reason());
                }
            }
            case NotLoggedInException notLoggedIn -> context.notice(String.valueOf(notLoggedIn.getMessage()));
            case IOException unreachable -> context.notice(describe(unreachable));
            case InterruptedException _ -> context.notice("interrupted");
            case IllegalArgumentException invalid -> context.notice(String.valueOf(invalid.getMessage()));
            default -> context.notice("failed: " + failure);
        }
        if (debug) {
            failure.printStackTrace(context.err());
        }
        return ExitCodes.CLI_ERROR;
    }

    private static String describe(IOException failure) {
        String message = failure.getMessage();
        if (failure instanceof java.net.ConnectException) {
            return "cannot reach the gateway: " + (message == null ? "connection refused" : message);
        }
        return message == null ? failure.getClass().getSimpleName() : message;
    }
}
