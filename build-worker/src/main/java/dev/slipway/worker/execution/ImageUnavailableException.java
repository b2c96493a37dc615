package dev.slipway.worker.execution;

/** The job's image does not exist or could not be pulled; the job fails with this message as its error. */
public class ImageUnavailableException extends RuntimeException {

    public ImageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public ImageUnavailableException(String message) {
        super(message);
    }
}
