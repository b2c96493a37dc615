package dev.slipway.worker.execution;

/**
 * The job cannot run as it was given, and another attempt would not change that (its secrets are
 * gone): the attempt ends FAILED with this reason and is not retried.
 */
public class JobRefusedException extends RuntimeException {

    public JobRefusedException(String reason) {
        super(reason);
    }
}
