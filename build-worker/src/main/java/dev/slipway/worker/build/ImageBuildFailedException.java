package dev.slipway.worker.build;

/** A build step or a push failed: the job's own failure, never retried; its message names why. */
public class ImageBuildFailedException extends RuntimeException {

    public ImageBuildFailedException(String message) {
        super(message);
    }

    public ImageBuildFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
