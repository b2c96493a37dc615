package dev.slipway.cli.job;

import dev.slipway.cli.output.ExitCodes;

/**
 * A job's end as the exit code of the command that followed it: the container's own code when it
 * exited by itself, else a code that says what ended it (docs/cli.md has the table).
 */
final class JobOutcome {

    private JobOutcome() {}

    static int exitCode(JobEnd end) {
        Integer exitCode = end.exitCode();
        return switch (end.state()) {
            case SUCCEEDED -> exitCode == null ? 0 : exitCode;
            case FAILED -> exitCode == null ? ExitCodes.PLATFORM_FAILED : exitCode;
            case TIMED_OUT -> ExitCodes.TIMED_OUT;
            case CANCELLED -> ExitCodes.CANCELLED;
            // not terminal: an end event never carries them
            case QUEUED, RUNNING, CANCELLING -> ExitCodes.PLATFORM_FAILED;
        };
    }
}
