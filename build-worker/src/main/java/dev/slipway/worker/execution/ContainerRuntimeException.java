package dev.slipway.worker.execution;

import org.jspecify.annotations.Nullable;

/** The Docker engine failed or could not be reached. */
public class ContainerRuntimeException extends RuntimeException {

    public ContainerRuntimeException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
