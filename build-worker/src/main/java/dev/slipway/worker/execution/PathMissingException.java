package dev.slipway.worker.execution;

/** A path asked of a container is not in it (its script removed the working directory). */
public class PathMissingException extends ContainerRuntimeException {

    public PathMissingException(String message, Throwable cause) {
        super(message, cause);
    }
}
