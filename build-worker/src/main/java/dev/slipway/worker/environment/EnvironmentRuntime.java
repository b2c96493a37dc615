package dev.slipway.worker.environment;

import dev.slipway.model.HostImage;
import dev.slipway.worker.execution.ContainerRuntimeException;
import dev.slipway.worker.execution.ImageUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Docker engine of this worker's host, as environments need it. Unlike a job's container, an
 * environment's outlives the worker process: nothing here ends with the worker, and the labels of
 * {@link EnvironmentContainer} are how a restarted worker finds its containers again.
 *
 * <p>What implementers owe: every method returns or fails within a bounded time, however the engine
 * behaves (a hung engine fails the call with {@link ContainerRuntimeException}, it does not hang the
 * caller); a method called on a container that no longer exists throws {@link ContainerGoneException}
 * (a permanent failure: retrying cannot bring it back), except {@link #remove} and {@link #inspect},
 * which answer it; any other engine failure is a {@link ContainerRuntimeException}, worth retrying.
 * Methods may be called concurrently, for the same container too; the engine orders them.
 */
public interface EnvironmentRuntime {

    /**
     * Creates (does not start) the environment's container, with the same hardening as a job's
     * container and none of the host's files, pulling its image first when the host does not have
     * it. Idempotent per environment: when its container already exists (a create redelivered after
     * a crash), that container's id is returned and nothing is made.
     *
     * @return the container's id
     * @throws ImageUnavailableException when the image does not exist or cannot be pulled in time
     */
    String create(EnvironmentContainerSpec spec, Duration pullTimeout);

    /** Starts the container; one already running is fine. */
    void start(String containerId);

    /**
     * Sends SIGTERM, then SIGKILL after the grace period (at once when it is zero). The container
     * and its filesystem stay, to be started again; one already stopped is fine.
     */
    void stop(String containerId, Duration gracePeriod);

    /** Stops the container as {@link #stop} does, then starts it again; a stopped one is just started. */
    void restart(String containerId, Duration gracePeriod);

    /** Removes the container, running or not, with its anonymous volumes; a missing container is fine. */
    void remove(String containerId);

    /**
     * Runs a command in the running container, as its user and in its working directory, without a
     * terminal or input, and collects what it prints. The call lasts at most about {@code timeout}
     * (plus up to about 6 s for the kill): past it the command is killed, with its process group,
     * and {@link ExecResult.TimedOut} says whether that worked. The command runs under the image's
     * {@code /bin/sh}, which is how it is found again to be killed; an image without one cannot exec.
     *
     * @param maxOutputBytes of stdout and of stderr each, kept at most; the rest is read and dropped
     *     (so the command is never blocked on its output) and the output says it was cut
     * @throws ContainerRuntimeException when the container is not running
     */
    ExecResult exec(String containerId, List<String> command, Duration timeout, int maxOutputBytes);

    /**
     * One sample of what the container uses, its CPU share measured over about a second. Takes that
     * second or so.
     *
     * @return empty when the container is not running: a stopped container uses nothing
     */
    Optional<StatsSample> stats(String containerId);

    /** The container's state; {@link ContainerStatus.State#MISSING} when there is no such container. */
    ContainerStatus inspect(String containerId);

    /**
     * Every container on this host labelled as an environment's, running or not, whichever worker
     * made it: what a worker reconciles its records with after a restart.
     */
    List<EnvironmentContainer> environmentContainers();

    /** The image as this host has it; empty when it does not. */
    Optional<HostImage> image(String image);

    /**
     * Pulls the image (a newer one under the same tag replaces the old), telling {@code progress}
     * how it goes after each message of the engine.
     *
     * @throws ImageUnavailableException when it does not exist, cannot be pulled, or takes longer than {@code timeout}
     */
    void pull(String image, Duration timeout, Consumer<PullProgress> progress);

    /** How far a pull got: layers done of those named so far, and bytes of them. */
    record PullProgress(int layersDone, int layersTotal, long bytesDone, long bytesTotal) {}
}
