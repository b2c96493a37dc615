package dev.slipway.artifacts;

import org.jspecify.annotations.Nullable;

/** The store failed, or refused: what it says is fit for a job's error or a problem's detail. */
public class ArtifactStoreException extends RuntimeException {

    public ArtifactStoreException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
