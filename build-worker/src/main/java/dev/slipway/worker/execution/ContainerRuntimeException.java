package dev.slipway.worker.execution;

/** The Docker engine failed or could not be reached. */
public class ContainerRuntimeException extends RuntimeException {

    public ContainerRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }
}
