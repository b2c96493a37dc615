package dev.slipway.worker.environment;

import dev.slipway.worker.execution.ContainerRuntimeException;
import org.jspecify.annotations.Nullable;

/**
 * The environment's container no longer exists on this host (removed by hand, or the host's Docker
 * data was wiped). Unlike the engine failures of its superclass, retrying cannot help: the
 * environment has lost its container.
 */
public class ContainerGoneException extends ContainerRuntimeException {

    public ContainerGoneException(String containerId, @Nullable Throwable cause) {
        super("container " + containerId + " no longer exists", cause);
    }
}
