package dev.slipway.worker.docker;

import static dev.slipway.worker.docker.EngineCalls.engineFailure;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import dev.slipway.model.EnvironmentTemplate;
import dev.slipway.model.HostImage;
import dev.slipway.worker.environment.ContainerGoneException;
import dev.slipway.worker.environment.ContainerStatus;
import dev.slipway.worker.environment.EnvironmentContainer;
import dev.slipway.worker.environment.EnvironmentContainerSpec;
import dev.slipway.worker.environment.EnvironmentRuntime;
import dev.slipway.worker.environment.ExecResult;
import dev.slipway.worker.environment.StatsSample;
import dev.slipway.worker.execution.ContainerRuntimeException;
import dev.slipway.worker.execution.ImageUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/** {@link EnvironmentRuntime} over docker-java; docker-java types stay in this package. */
@Component
class DockerEnvironmentRuntime implements EnvironmentRuntime {

    /**
     * What a template without a command runs, under Docker's init ({@code --init}): {@code sleep}
     * waits without reading anything, and the init reaps what execs leave behind and passes the
     * stop's SIGTERM on, which a {@code sleep} as process 1 would ignore for the whole grace period.
     */
    private static final List<String> KEEP_ALIVE = List.of("sleep", "infinity");

    /** Containers are named after their environment, which makes a repeated create find the first one. */
    private static final String NAME_PREFIX = "slipway-env-";

    private final DockerClient docker;
    private final DockerClient streams;
    private final JobNetworks networks;
    private final EnvironmentExecs execs;
    private final EnvironmentStats stats;

    /**
     * @param docker for the calls that answer at once (its response timeout bounds each)
     * @param streams for pulls, exec output and stats, which last as long as the download, the
     *     command or the measurement; each call on it has a deadline of its own
     */
    DockerEnvironmentRuntime(DockerClient docker, @Qualifier("streams") DockerClient streams, EngineProperties engine) {
        this.docker = docker;
        this.streams = streams;
        this.networks = new JobNetworks(docker);
        this.execs = new EnvironmentExecs(docker, streams);
        this.stats = new EnvironmentStats(streams, engine.callTimeout());
    }

    @Override
    public String create(EnvironmentContainerSpec spec, Duration pullTimeout) {
        String network = spec.network();
        if (network != null) {
            // before the create: a missing network would be a NotFoundException, read as a missing image
            EngineCalls.run("preparing network " + network, () -> networks.ensure(network));
        }
        String image = spec.template().image();
        try {
            return createContainer(spec);
        } catch (NotFoundException noSuchImage) {
            ImagePulls.pull(streams, image, pullTimeout);
        }
        try {
            return createContainer(spec);
        } catch (NotFoundException e) {
            throw new ImageUnavailableException(
                    "image '" + image + "' could not be pulled: the registry has no such image", e);
        }
    }

    /** Creates the container; a {@link NotFoundException} says the image is not on this host. */
    private String createContainer(EnvironmentContainerSpec spec) {
        EnvironmentTemplate template = spec.template();
        List<String> command = template.command();
        HostConfig host = Hardening.hostConfig(template.resources(), spec.capabilities(), spec.network());
        String name = NAME_PREFIX + spec.environmentId();
        CreateContainerCmd create = docker.createContainerCmd(template.image())
                .withName(name)
                .withHostConfig(command == null ? host.withInit(true) : host)
                .withLabels(spec.labels())
                .withEnv(template.env().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .toList())
                .withTty(false);
        if (command == null) {
            // the entrypoint, not the command: the image's own entrypoint might run anything, or exit
            create.withEntrypoint(KEEP_ALIVE);
        } else {
            create.withCmd(command);
        }
        if (template.workdir() != null) {
            create.withWorkingDir(template.workdir());
        }
        if (template.user() != null) {
            create.withUser(template.user());
        }
        try {
            return create.exec().getId();
        } catch (NotFoundException noSuchImage) {
            throw noSuchImage;
        } catch (ConflictException nameTaken) {
            return existing(name, spec.environmentId(), nameTaken);
        } catch (RuntimeException e) {
            throw engineFailure("creating the container of environment " + spec.environmentId(), e);
        }
    }

    /** The container a create found under the environment's name, if it is that environment's. */
    private String existing(String name, String environmentId, ConflictException nameTaken) {
        InspectContainerResponse found;
        try {
            found = docker.inspectContainerCmd(name).exec();
        } catch (RuntimeException e) {
            throw engineFailure("finding the existing container of environment " + environmentId, e);
        }
        Map<String, String> labels = found.getConfig().getLabels();
        if (labels == null || !environmentId.equals(labels.get(EnvironmentContainer.ENVIRONMENT_LABEL))) {
            throw new ContainerRuntimeException(
                    "a container named " + name + " exists but is not environment " + environmentId + "'s", nameTaken);
        }
        return found.getId();
    }

    @Override
    public void start(String containerId) {
        onContainer("starting", containerId, () -> {
            try {
                docker.startContainerCmd(containerId).exec();
            } catch (NotModifiedException alreadyRunning) {
                // what was asked for is the case
            }
            return null;
        });
    }

    @Override
    public void stop(String containerId, Duration gracePeriod) {
        onContainer("stopping", containerId, () -> {
            try {
                // the control client's response timeout must exceed the grace period (see worker-defaults)
                docker.stopContainerCmd(containerId)
                        .withTimeout(Math.toIntExact(gracePeriod.toSeconds()))
                        .exec();
            } catch (NotModifiedException alreadyStopped) {
                // what was asked for is the case
            }
            return null;
        });
    }

    @Override
    public void restart(String containerId, Duration gracePeriod) {
        onContainer(
                "restarting",
                containerId,
                () -> docker.restartContainerCmd(containerId)
                        .withTimeout(Math.toIntExact(gracePeriod.toSeconds()))
                        .exec());
    }

    @Override
    public void remove(String containerId) {
        try {
            docker.removeContainerCmd(containerId)
                    .withForce(true)
                    .withRemoveVolumes(true)
                    .exec();
        } catch (NotFoundException alreadyGone) {
            // what was asked for is the case
        } catch (RuntimeException e) {
            throw engineFailure("removing container " + containerId, e);
        }
    }

    @Override
    public ExecResult exec(String containerId, List<String> command, Duration timeout, int maxOutputBytes) {
        return execs.run(containerId, command, timeout, maxOutputBytes);
    }

    @Override
    public Optional<StatsSample> stats(String containerId) {
        return stats.sample(containerId);
    }

    @Override
    public Optional<HostImage> image(String image) {
        try {
            InspectImageResponse found =
                    docker.inspectImageCmd(ImageNames.withDefaultTag(image)).exec();
            return Optional.of(new HostImage(
                    image,
                    Objects.requireNonNullElse(found.getId(), ""),
                    Objects.requireNonNullElse(found.getSize(), 0L)));
        } catch (NotFoundException absent) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw engineFailure("inspecting image " + image, e);
        }
    }

    @Override
    public void pull(String image, Duration timeout, Consumer<PullProgress> progress) {
        ImagePulls.pull(
                streams,
                image,
                timeout,
                new ImagePullTracker(summary -> progress.accept(new PullProgress(
                        summary.layersDone(), summary.layersTotal(), summary.bytesDone(), summary.bytesTotal()))));
    }

    @Override
    public ContainerStatus inspect(String containerId) {
        InspectContainerResponse.ContainerState state;
        try {
            state = docker.inspectContainerCmd(containerId).exec().getState();
        } catch (NotFoundException gone) {
            return ContainerStatus.missing();
        } catch (RuntimeException e) {
            throw engineFailure("inspecting container " + containerId, e);
        }
        // Docker counts a paused or restarting container as running too; Slipway pauses none of these.
        if (Boolean.TRUE.equals(state.getRunning())) {
            return new ContainerStatus(ContainerStatus.State.RUNNING, null, health(state.getHealth()));
        }
        Long exitCode = state.getExitCodeLong();
        boolean neverStarted = "created".equals(state.getStatus());
        return new ContainerStatus(
                ContainerStatus.State.EXITED,
                neverStarted || exitCode == null ? null : Math.toIntExact(exitCode),
                ContainerStatus.Health.NONE);
    }

    private static ContainerStatus.Health health(@Nullable HealthState health) {
        String status = health == null ? null : health.getStatus();
        return switch (Objects.requireNonNullElse(status, "none")) {
            case "starting" -> ContainerStatus.Health.STARTING;
            case "healthy" -> ContainerStatus.Health.HEALTHY;
            case "unhealthy" -> ContainerStatus.Health.UNHEALTHY;
            default -> ContainerStatus.Health.NONE;
        };
    }

    @Override
    public List<EnvironmentContainer> environmentContainers() {
        List<Container> containers = EngineCalls.call(
                "listing environment containers",
                () -> docker.listContainersCmd()
                        .withShowAll(true)
                        .withLabelFilter(List.of(EnvironmentContainer.ENVIRONMENT_LABEL))
                        .exec());
        return containers.stream()
                .flatMap(container -> EnvironmentContainer.fromLabels(
                        container.getId(),
                        Objects.requireNonNullElse(container.getLabels(), Map.of()),
                        "running".equals(container.getState()))
                        .stream())
                .toList();
    }

    /** One call on one container: a missing container is {@link ContainerGoneException}. */
    private static <T> T onContainer(String what, String containerId, Supplier<T> action) {
        try {
            return action.get();
        } catch (NotFoundException gone) {
            throw new ContainerGoneException(containerId, gone);
        } catch (RuntimeException e) {
            throw engineFailure(what + " container " + containerId, e);
        }
    }
}
