package dev.slipway.cli.output;

/**
 * The exit codes of the command besides a job's or a shell's own, chosen as common tools use them
 * (GNU timeout, docker run, a shell killed by SIGINT). A job may exit with one of these numbers
 * itself; {@code slipway jobs get} tells the two apart.
 */
public final class ExitCodes {

    /** The command line could not be parsed (picocli's code for a usage error). */
    public static final int USAGE = 2;
    /** The gateway refused a request, could not be reached, or the command itself failed. */
    public static final int CLI_ERROR = 69;
    /** The job ran past its timeout, as GNU {@code timeout} exits. */
    public static final int TIMED_OUT = 124;
    /** The platform failed the job (never ran, lost worker, Docker error), as {@code docker run} exits for its daemon. */
    public static final int PLATFORM_FAILED = 125;
    /** The job was cancelled, or the command interrupted with Ctrl-C: 128 + SIGINT. */
    public static final int CANCELLED = 130;

    private ExitCodes() {}
}
