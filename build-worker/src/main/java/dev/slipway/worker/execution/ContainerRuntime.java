package dev.slipway.worker.execution;

import dev.slipway.worker.output.OutputListener;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The Docker engine of this worker's host, as the job runner needs it. Every method may throw
 * {@link ContainerRuntimeException} when the engine fails or cannot be reached.
 */
public interface ContainerRuntime {

    /**
     * Creates (does not start) a container, pulling its image first when the host does not have
     * it; returns its id.
     *
     * @throws ImageUnavailableException when the image does not exist or cannot be pulled in time
     */
    String create(ContainerSpec spec, Duration pullTimeout);

    /**
     * Follows the container's stdout and stderr from its very first byte. Call before {@link #start},
     * so that nothing printed right after start is missed.
     */
    Attachment attach(String containerId, OutputListener listener);

    void start(String containerId);

    /** Waits for the container to exit; empty when it still runs after {@code timeout}. */
    OptionalInt awaitExit(String containerId, Duration timeout);

    /**
     * Freezes every process of the container (docker pause); they keep their memory but run no more.
     *
     * @return true when it is paused (already, too); false when it has exited: there is nothing to freeze
     * @throws ContainerRuntimeException when it cannot be paused now (not started yet, engine failure)
     */
    boolean pause(String containerId);

    /**
     * What the container has written to its own filesystem (its writable layer), in bytes; empty
     * when the engine does not say (the container is gone, or the storage driver cannot tell).
     */
    OptionalLong writableLayerBytes(String containerId);

    /** Lets a paused container run again (docker unpause); one that is not paused is fine. */
    void resume(String containerId);

    /** Sends SIGTERM, then SIGKILL after the grace period (at once when it is zero); also stops a paused container. */
    void stop(String containerId, Duration gracePeriod);

    /** Removes the container and its anonymous volumes, running or not; a missing container is fine. */
    void remove(String containerId);

    /**
     * A tar archive of {@code path} in the container, running or exited (docker cp): its entries
     * are named after the path's last segment. The caller closes it. Read from the engine, so it
     * works with any image, one without {@code tar} included.
     *
     * @throws PathMissingException when the path is not in the container
     */
    java.io.InputStream archive(String containerId, String path);

    /**
     * Unpacks a tar archive into {@code directory} of a created container (docker cp). The archive
     * is read to its end; the caller closes it.
     *
     * @param toContainerUser whether the engine makes every file the container user's, whom it
     *     looks up in the image's {@code /etc/passwd}; otherwise the archive's owners are kept
     * @throws PathMissingException when the directory is not in the container
     */
    void extract(String containerId, String directory, java.io.InputStream tar, boolean toContainerUser);

    /**
     * What the engine says of itself and its host. Whether it answers is asked on every call (it
     * throws when not); the description itself may be up to a minute old.
     */
    EngineInfo engineInfo();

    /** Every container on this host labelled as a job's, running or not, whichever worker made it. */
    List<JobContainer> jobContainers();

    /** A running output stream; closing it detaches. */
    interface Attachment extends AutoCloseable {

        /** Waits until the engine has delivered all output (the stream ended); false on timeout. */
        boolean awaitEnd(Duration timeout);

        @Override
        void close();
    }
}
