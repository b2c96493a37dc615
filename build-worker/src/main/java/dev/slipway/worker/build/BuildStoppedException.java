package dev.slipway.worker.build;

/** A build or a push was abandoned: it ran past its timeout, or the job was asked to stop. */
public class BuildStoppedException extends RuntimeException {

    private final boolean timedOut;

    public BuildStoppedException(String message, boolean timedOut) {
        super(message);
        this.timedOut = timedOut;
    }

    /** True when the timeout, not a stop request, ended it. */
    public boolean timedOut() {
        return timedOut;
    }
}
