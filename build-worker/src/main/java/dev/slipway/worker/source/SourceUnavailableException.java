package dev.slipway.worker.source;

/**
 * The source could not be had just now: the git server or the network failed, the artifact store
 * did not answer. Unlike {@link SourceRejectedException}, another attempt may succeed.
 */
public class SourceUnavailableException extends RuntimeException {

    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
