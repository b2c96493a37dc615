package dev.slipway.worker.docker;

import static dev.slipway.worker.docker.EngineCalls.call;
import static dev.slipway.worker.docker.EngineCalls.closeQuietly;
import static dev.slipway.worker.docker.EngineCalls.engineFailure;
import static dev.slipway.worker.docker.EngineCalls.run;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.WaitResponse;
import dev.slipway.model.LogStream;
import dev.slipway.worker.execution.ContainerRuntime;
import dev.slipway.worker.execution.ContainerRuntimeException;
import dev.slipway.worker.execution.ContainerSpec;
import dev.slipway.worker.execution.ContainerSpecs;
import dev.slipway.worker.execution.EngineInfo;
import dev.slipway.worker.execution.ImageUnavailableException;
import dev.slipway.worker.execution.JobContainer;
import dev.slipway.worker.execution.PathMissingException;
import dev.slipway.worker.output.OutputListener;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/** {@link ContainerRuntime} over docker-java; docker-java types stay in this package. */
@Component
class DockerContainerRuntime implements ContainerRuntime {

    /**
     * How long the engine's description is reused. {@code docker info} counts containers and images
     * and can take a second on a busy engine; heartbeats and health probes ask every few seconds,
     * and what they need fresh, whether the engine answers, a ping tells.
     */
    private static final Duration DESCRIPTION_MAX_AGE = Duration.ofMinutes(1);

    private final DockerClient docker;
    /** For the calls that last as long as a job or a download: no response timeout. */
    private final DockerClient streams;

    private final Duration probeTimeout;
    private final JobNetworks networks;
    private final ContainerExits exits;
    private volatile @Nullable KnownEngine known;

    private record KnownEngine(EngineInfo info, long readAtNanos) {}

    /** @param exits told of exits by the engine's die events ({@link DieEvents}), sooner than wait tells */
    @Autowired
    DockerContainerRuntime(
            DockerClient docker,
            @Qualifier("streams") DockerClient streams,
            EngineProperties engine,
            ContainerExits exits) {
        this.docker = docker;
        this.streams = streams;
        this.probeTimeout = engine.probeTimeout();
        this.networks = new JobNetworks(docker);
        this.exits = exits;
    }

    /** Learns of exits from wait alone: for tests without the events subscription. */
    DockerContainerRuntime(DockerClient docker, DockerClient streams, EngineProperties engine) {
        this(docker, streams, engine, new ContainerExits());
    }

    /**
     * Creates the container, and pulls its image only when the engine says it has none, as the
     * {@code docker} CLI does: asking first whether the image is there cost a round trip to the
     * engine (~5 ms) on every job, for the rare one whose image is missing.
     */
    @Override
    public String create(ContainerSpec spec, Duration pullTimeout) {
        String network = spec.network();
        if (network != null) {
            // before the create: a missing network would be a NotFoundException, read as a missing image
            run("preparing network " + network, () -> networks.ensure(network));
        }
        try {
            return createContainer(spec);
        } catch (NotFoundException noSuchImage) {
            ImagePulls.pull(streams, spec.image(), pullTimeout);
        }
        try {
            return createContainer(spec);
        } catch (NotFoundException e) {
            throw new ImageUnavailableException(
                    "image '" + spec.image() + "' could not be pulled: the registry has no such image", e);
        }
    }

    /** Creates the container; a {@link NotFoundException} says the image is not on this host. */
    private String createContainer(ContainerSpec spec) {
        CreateContainerCmd create = docker.createContainerCmd(spec.image())
                .withHostConfig(Hardening.hostConfig(spec.resources(), spec.capabilities(), spec.network()))
                .withLabels(spec.labels())
                .withEnv(spec.env().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .toList())
                .withAttachStdout(true)
                .withAttachStderr(true)
                .withTty(false);
        if (spec.entrypoint() != null) {
            create.withEntrypoint(spec.entrypoint());
        }
        if (spec.command() != null) {
            create.withCmd(spec.command());
        }
        if (spec.workdir() != null) {
            create.withWorkingDir(spec.workdir());
        }
        if (spec.user() != null) {
            create.withUser(spec.user());
        }
        try {
            return create.exec().getId();
        } catch (NotFoundException noSuchImage) {
            throw noSuchImage;
        } catch (RuntimeException e) {
            throw engineFailure("creating a container for " + spec.image(), e);
        }
    }

    @Override
    public EngineInfo engineInfo() {
        KnownEngine last = known;
        if (last != null && System.nanoTime() - last.readAtNanos() < DESCRIPTION_MAX_AGE.toNanos()) {
            withinProbeTimeout("pinging the engine", () -> {
                docker.pingCmd().exec();
                return last;
            });
            return last.info();
        }
        Info info = withinProbeTimeout(
                "asking the engine about itself", () -> docker.infoCmd().exec());
        EngineInfo engine = new EngineInfo(
                Objects.toString(info.getServerVersion(), "unknown"),
                Objects.toString(info.getArchitecture(), "unknown"),
                Objects.toString(info.getOsType(), "unknown"),
                Objects.requireNonNullElse(info.getNCPU(), 0),
                Objects.requireNonNullElse(info.getMemTotal(), 0L),
                Objects.toString(info.getDockerRootDir(), "/var/lib/docker"));
        known = new KnownEngine(engine, System.nanoTime());
        return engine;
    }

    /**
     * Asks the engine with a deadline shorter than the call timeout: heartbeats and health probes
     * must learn quickly that the engine hangs. The call itself is left to fail by its own timeout.
     */
    private <T> T withinProbeTimeout(String what, Supplier<T> call) {
        CompletableFuture<T> answer = CompletableFuture.supplyAsync(
                call, runnable -> Thread.ofVirtual().name("engine-probe").start(runnable));
        try {
            return answer.get(probeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ContainerRuntimeException(what + ": no answer within " + probeTimeout, e);
        } catch (ExecutionException e) {
            throw engineFailure(
                    what, e.getCause() instanceof RuntimeException failure ? failure : new RuntimeException(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException("interrupted " + what, e);
        }
    }

    @Override
    public Attachment attach(String containerId, OutputListener listener) {
        FrameForwarder forwarder = new FrameForwarder(listener);
        run(
                "attaching to container " + containerId,
                () -> streams.attachContainerCmd(containerId)
                        .withStdOut(true)
                        .withStdErr(true)
                        .withFollowStream(true)
                        // No log replay: the engine attaches the live streams before it answers, so attaching
                        // before start misses nothing; a replay would read the log file while the live streams
                        // already carry the same lines, and a container started right away printed them twice.
                        .withLogs(false)
                        .exec(forwarder));
        try {
            if (!forwarder.awaitStarted(10, TimeUnit.SECONDS)) {
                forwarder.close();
                throw new ContainerRuntimeException("attaching to container " + containerId + " timed out", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException("interrupted attaching to container " + containerId, e);
        }
        return forwarder;
    }

    /** Listens for the container's die event before it starts: one that exits at once is not missed. */
    @Override
    public void start(String containerId) {
        var _ = exits.expect(containerId);
        try {
            run(
                    "starting container " + containerId,
                    () -> docker.startContainerCmd(containerId).exec());
        } catch (RuntimeException e) {
            exits.forget(containerId);
            throw e;
        }
    }

    /**
     * The exit as the die event tells it, or the wait call if that tells first (the event stream is
     * down, or missed it): the engine answers wait only after it has torn the container's network
     * down, tens of ms after the exit.
     */
    @Override
    public OptionalInt awaitExit(String containerId, Duration timeout) {
        WaitAnswer wait = call(
                "waiting for container " + containerId,
                () -> streams.waitContainerCmd(containerId).exec(new WaitAnswer()));
        try {
            return exits.await(containerId, wait.exitCode, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException("interrupted waiting for container " + containerId, e);
        } catch (ExecutionException e) {
            throw engineFailure(
                    "waiting for container " + containerId,
                    e.getCause() instanceof RuntimeException failure ? failure : new RuntimeException(e.getCause()));
        } finally {
            exits.forget(containerId);
            closeQuietly(wait);
        }
    }

    /** The wait call's answer, the exit code, as a future the die event can race. */
    private static final class WaitAnswer extends ResultCallback.Adapter<WaitResponse> {

        private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();

        @Override
        public void onNext(WaitResponse response) {
            Integer code = response.getStatusCode();
            if (code == null) {
                exitCode.completeExceptionally(new IllegalStateException("the engine's wait answer had no exit code"));
            } else {
                exitCode.complete(code);
            }
        }

        @Override
        public void onError(Throwable failure) {
            exitCode.completeExceptionally(failure);
            super.onError(failure);
        }

        @Override
        public void onComplete() {
            exitCode.completeExceptionally(new IllegalStateException("the engine ended the wait without an exit code"));
            super.onComplete();
        }
    }

    @Override
    public boolean pause(String containerId) {
        try {
            docker.pauseContainerCmd(containerId).exec();
            return true;
        } catch (ConflictException notRunning) {
            // 409 means paused already (an earlier pause timed out here but was applied), not
            // started yet, or exited: only the last leaves nothing to pause.
            var state = call(
                            "inspecting container " + containerId,
                            () -> docker.inspectContainerCmd(containerId).exec())
                    .getState();
            if (Boolean.TRUE.equals(state.getPaused())) {
                return true;
            }
            if ("created".equals(state.getStatus())) {
                throw new ContainerRuntimeException("container " + containerId + " is not started yet", notRunning);
            }
            return false;
        } catch (RuntimeException e) {
            throw engineFailure("pausing container " + containerId, e);
        }
    }

    @Override
    public OptionalLong writableLayerBytes(String containerId) {
        try {
            Long size = docker.inspectContainerCmd(containerId)
                    .withSize(true)
                    .exec()
                    .getSizeRw();
            return size == null ? OptionalLong.empty() : OptionalLong.of(size);
        } catch (NotFoundException gone) {
            return OptionalLong.empty();
        } catch (RuntimeException e) {
            throw engineFailure("measuring the writable layer of container " + containerId, e);
        }
    }

    @Override
    public void resume(String containerId) {
        try {
            docker.unpauseContainerCmd(containerId).exec();
        } catch (ConflictException notPaused) {
            // not paused (a pause that never came round, or one that failed): it runs already
        } catch (RuntimeException e) {
            throw engineFailure("resuming container " + containerId, e);
        }
    }

    @Override
    public void stop(String containerId, Duration gracePeriod) {
        try {
            run(
                    "stopping container " + containerId,
                    () -> docker.stopContainerCmd(containerId)
                            .withTimeout(Math.toIntExact(gracePeriod.toSeconds()))
                            .exec());
        } catch (ContainerRuntimeException e) {
            if (!(e.getCause() instanceof NotModifiedException) && !(e.getCause() instanceof NotFoundException)) {
                throw e;
            }
        }
    }

    @Override
    public java.io.InputStream archive(String containerId, String path) {
        try {
            return streams.copyArchiveFromContainerCmd(containerId, path).exec();
        } catch (NotFoundException missing) {
            throw new PathMissingException(path + " is not in container " + containerId, missing);
        } catch (RuntimeException e) {
            throw EngineCalls.engineFailure("reading " + path + " of container " + containerId, e);
        }
    }

    @Override
    public void extract(String containerId, String directory, java.io.InputStream tar, boolean toContainerUser) {
        try {
            streams.copyArchiveToContainerCmd(containerId)
                    .withRemotePath(directory)
                    .withTarInputStream(tar)
                    .withCopyUIDGID(toContainerUser)
                    .withNoOverwriteDirNonDir(true)
                    .exec();
        } catch (NotFoundException missing) {
            throw new PathMissingException(directory + " is not in container " + containerId, missing);
        } catch (RuntimeException e) {
            throw EngineCalls.engineFailure("unpacking into " + directory + " of container " + containerId, e);
        }
    }

    @Override
    public void remove(String containerId) {
        try {
            run(
                    "removing container " + containerId,
                    () -> docker.removeContainerCmd(containerId)
                            .withForce(true)
                            .withRemoveVolumes(true)
                            .exec());
        } catch (ContainerRuntimeException e) {
            if (!(e.getCause() instanceof NotFoundException)) {
                throw e;
            }
        }
    }

    @Override
    public List<JobContainer> jobContainers() {
        List<Container> containers = call(
                "listing job containers",
                () -> docker.listContainersCmd()
                        .withShowAll(true)
                        .withLabelFilter(List.of(ContainerSpecs.JOB_LABEL))
                        .exec());
        return containers.stream()
                .flatMap(container -> JobContainer.fromLabels(container.getId(), container.getLabels()).stream())
                .toList();
    }

    /** Hands each frame of the attached stream to the listener, tagged with its stream. */
    private static final class FrameForwarder extends ResultCallback.Adapter<Frame> implements Attachment {

        private final OutputListener listener;

        FrameForwarder(OutputListener listener) {
            this.listener = listener;
        }

        @Override
        public void onNext(Frame frame) {
            byte[] payload = frame.getPayload();
            LogStream stream = switch (frame.getStreamType()) {
                case STDERR -> LogStream.STDERR;
                case STDOUT, RAW, STDIN -> LogStream.STDOUT;
            };
            listener.onOutput(stream, payload, 0, payload.length);
        }

        @Override
        public boolean awaitEnd(Duration timeout) {
            try {
                return awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public void close() {
            try {
                super.close();
            } catch (IOException ignored) {
                // detaching from a finished stream cannot fail in a way that matters
            }
        }
    }
}
