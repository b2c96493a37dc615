package dev.slipway.worker.source;

/**
 * The job's source cannot be used as given: an archive entry escapes the working directory, the
 * upload is gone, the repository or ref does not exist. The job fails with this message as its
 * error, and is not retried.
 */
public class SourceRejectedException extends RuntimeException {

    public SourceRejectedException(String message) {
        super(message);
    }

    public SourceRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
