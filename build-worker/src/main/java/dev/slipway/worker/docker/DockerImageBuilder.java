package dev.slipway.worker.docker;

import static dev.slipway.worker.docker.EngineCalls.call;
import static dev.slipway.worker.docker.EngineCalls.closeQuietly;
import static dev.slipway.worker.docker.EngineCalls.engineFailure;
import static dev.slipway.worker.docker.EngineCalls.firstLine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.command.PushImageCmd;
import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.PushResponseItem;
import com.github.dockerjava.api.model.ResponseItem;
import dev.slipway.model.LogStream;
import dev.slipway.worker.build.BuildSandbox;
import dev.slipway.worker.build.BuildStoppedException;
import dev.slipway.worker.build.ImageBuildFailedException;
import dev.slipway.worker.build.ImageBuilder;
import dev.slipway.worker.build.RegistryCredentials;
import dev.slipway.worker.execution.ContainerRuntimeException;
import dev.slipway.worker.output.OutputListener;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link ImageBuilder} over docker-java. Build and push answer 200 at once and report how they
 * went inside the stream that follows, so a failed step or a refused push is read from the stream's
 * items, not from an exception.
 */
@Component
class DockerImageBuilder implements ImageBuilder {

    /** How often a running build or push asks whether it should stop. */
    private static final Duration STOP_POLL = Duration.ofSeconds(1);

    private static final String SUCCESSFULLY_BUILT = "Successfully built ";

    private final DockerClient docker;
    /** For builds and pushes: they last as long as their steps, with no response timeout. */
    private final DockerClient streams;

    DockerImageBuilder(DockerClient docker, @Qualifier("streams") DockerClient streams) {
        this.docker = docker;
        this.streams = streams;
    }

    @Override
    public String build(
            InputStream context,
            String dockerfile,
            Map<String, String> buildArgs,
            List<String> tags,
            Map<String, String> labels,
            BuildSandbox sandbox,
            OutputListener output,
            Duration timeout,
            BooleanSupplier stopped) {
        BuildImageCmd command = streams.buildImageCmd(context)
                .withMemory(sandbox.memoryBytes())
                .withMemswap(sandbox.memoryBytes()) // no swap beyond the limit, as job containers
                .withCpushares(Integer.toString(sandbox.cpuShares()))
                .withDockerfilePath(dockerfile)
                .withTags(Set.copyOf(tags))
                .withLabels(labels)
                .withRemove(true)
                // the container of a failed step goes too, not only those of steps that worked
                .withForcerm(true)
                // a base image on the host is used as it is, as the docker CLI does by default
                .withPull(false);
        if (sandbox.network() != null) {
            command.withNetworkMode(sandbox.network()); // the job network, not the engine's default bridge
        }
        buildArgs.forEach(command::withBuildArg);
        BuildProgress progress = call("starting a build", () -> command.exec(new BuildProgress(output)));
        try {
            progress.awaitEnd("the build", timeout, stopped);
        } catch (BuildStoppedException stop) {
            throw stop;
        } catch (BadRequestException e) {
            // the engine refused the Dockerfile itself (a parse error, an invalid tag): the job's fault
            throw new ImageBuildFailedException(engineMessage(e), e);
        } catch (InternalServerErrorException e) {
            // the engine answers 500, not 400, for a Dockerfile the context lacks
            String message = engineMessage(e);
            if (message.startsWith("Cannot locate specified Dockerfile")) {
                throw new ImageBuildFailedException(message, e);
            }
            throw engineFailure("building an image", e);
        } catch (RuntimeException e) {
            throw engineFailure("building an image", e);
        }
        String failure = progress.failure();
        if (failure != null) {
            throw new ImageBuildFailedException(failure);
        }
        return imageId(progress);
    }

    /**
     * The full id of what was built, from the engine's {@code aux.ID}; failing that, the short id of
     * the "Successfully built" line, which an inspect expands.
     */
    private String imageId(BuildProgress progress) {
        String fullId = progress.imageId();
        if (fullId != null) {
            return fullId;
        }
        String shortId = progress.shortImageId();
        if (shortId == null) {
            throw new ContainerRuntimeException("the build ended without naming the image it built", null);
        }
        return call(
                "inspecting the built image " + shortId,
                () -> docker.inspectImageCmd(shortId).exec().getId());
    }

    @Override
    public String push(
            String tag,
            @Nullable RegistryCredentials credentials,
            OutputListener output,
            Duration timeout,
            BooleanSupplier stopped) {
        PushReference target = PushReference.parse(tag);
        PushImageCmd command = streams.pushImageCmd(target.repository()).withTag(target.tag());
        if (credentials != null) {
            command.withAuthConfig(new AuthConfig()
                    .withUsername(credentials.username())
                    .withPassword(credentials.password())
                    .withRegistryAddress(credentials.registry()));
        }
        PushProgress progress = call("pushing " + tag, () -> command.exec(new PushProgress(output)));
        try {
            progress.awaitEnd("pushing " + tag, timeout, stopped);
        } catch (BuildStoppedException stop) {
            throw stop;
        } catch (RuntimeException e) {
            throw engineFailure("pushing " + tag, e);
        }
        String failure = progress.failure();
        if (failure != null) {
            throw new ImageBuildFailedException("pushing " + tag + " failed: " + failure);
        }
        String digest = progress.digest();
        return digest != null ? digest : digestKnownToTheEngine(target);
    }

    /** The digest the engine recorded for the repository, for an engine whose push stream named none. */
    private String digestKnownToTheEngine(PushReference target) {
        List<String> repoDigests = call(
                "inspecting " + target.reference(),
                () -> docker.inspectImageCmd(target.reference()).exec().getRepoDigests());
        String prefix = target.repository() + "@";
        return Objects.requireNonNullElse(repoDigests, List.<String>of()).stream()
                .filter(repoDigest -> repoDigest.startsWith(prefix))
                .map(repoDigest -> repoDigest.substring(prefix.length()))
                .findFirst()
                .orElseThrow(() -> new ContainerRuntimeException(
                        "pushing " + target.reference() + ": the engine reported no digest", null));
    }

    @Override
    public void tag(String imageId, String reference) {
        PushReference name = PushReference.parse(reference);
        EngineCalls.run(
                "tagging " + imageId + " as " + reference,
                () -> docker.tagImageCmd(imageId, name.repository(), name.tag()).exec());
    }

    @Override
    public void untag(String reference) {
        try {
            docker.removeImageCmd(reference).withForce(false).withNoPrune(true).exec();
        } catch (NotFoundException gone) {
            // never tagged, or untagged already
        } catch (RuntimeException e) {
            throw engineFailure("untagging " + reference, e);
        }
    }

    /** The engine's words in a refused request; docker-java's message is {@code Status 400: {"message":"…"}}. */
    private static String engineMessage(DockerException e) {
        String text = Objects.toString(e.getMessage(), "");
        int body = text.indexOf('{');
        if (body >= 0) {
            try {
                var message = JsonMapper.shared()
                        .readTree(text.substring(body))
                        .path("message")
                        .stringValueOpt();
                if (message.isPresent()) {
                    return message.get();
                }
            } catch (JacksonException notJson) {
                // the first line says it as well as docker-java could
            }
        }
        return firstLine(text);
    }

    /**
     * What build and push streams share: text for the job's log, the failure an item reports, and a
     * wait for the end that can be stopped. It keeps its own record of the end because docker-java's
     * {@code awaitCompletion(timeout)} closes the stream when it returns, even when it timed out.
     */
    private abstract static class EngineProgress<T extends ResponseItem> extends ResultCallback.Adapter<T> {

        private final OutputListener output;
        /** The last status of each layer: its progress bar ticks many times a second, its status seldom. */
        private final Map<String, String> layerStatuses = new HashMap<>();

        private final CountDownLatch ended = new CountDownLatch(1);
        private volatile @Nullable Throwable streamError;
        private volatile @Nullable String failure;

        EngineProgress(OutputListener output) {
            this.output = output;
        }

        /**
         * Waits for the stream's end a second at a time, so that a stop request is noticed within a
         * second; past the timeout or on a stop, it closes the stream, and the engine then cancels
         * the build or push. Rethrows the error the stream ended with, if any.
         */
        final void awaitEnd(String what, Duration timeout, BooleanSupplier stopped) {
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                while (!ended.await(
                        Math.clamp(deadline - System.nanoTime(), 0, STOP_POLL.toNanos()), TimeUnit.NANOSECONDS)) {
                    if (stopped.getAsBoolean()) {
                        closeQuietly(this);
                        throw new BuildStoppedException(what + " was stopped", false);
                    }
                    if (System.nanoTime() - deadline >= 0) {
                        closeQuietly(this);
                        throw new BuildStoppedException(what + " did not finish within " + timeout, true);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeQuietly(this);
                throw new BuildStoppedException(what + " was interrupted", false);
            }
            Throwable error = streamError;
            if (error instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (error instanceof Error fatal) {
                throw fatal;
            }
            if (error != null) {
                throw new IllegalStateException(error);
            }
        }

        /** Keeps the error for {@link #awaitEnd} to classify; docker-java's handler would log it at ERROR. */
        @Override
        public void onError(Throwable error) {
            streamError = error;
            closeQuietly(this);
            ended.countDown();
        }

        @Override
        public void onComplete() {
            super.onComplete();
            ended.countDown();
        }

        @Override
        public void onNext(T item) {
            String error = errorOf(item);
            if (error != null) {
                failure = error;
                write(LogStream.STDERR, error + "\n");
                return;
            }
            String statusLine = statusLine(item);
            if (statusLine != null) {
                write(LogStream.STDOUT, statusLine);
            }
        }

        /** The engine's message when the item reports a failure, else null. */
        @Nullable
        String failure() {
            return failure;
        }

        final void write(LogStream stream, String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            output.onOutput(stream, bytes, 0, bytes.length);
        }

        private @Nullable String statusLine(ResponseItem item) {
            String status = item.getStatus();
            if (status == null) {
                return null;
            }
            String layer = item.getId();
            if (layer == null) {
                return status + "\n";
            }
            // onNext runs on the stream's one thread
            return status.equals(layerStatuses.put(layer, status)) ? null : layer + ": " + status + "\n";
        }

        private static @Nullable String errorOf(ResponseItem item) {
            ResponseItem.ErrorDetail detail = item.getErrorDetail();
            if (detail != null && detail.getMessage() != null) {
                return detail.getMessage();
            }
            return item.isErrorIndicated() ? "the engine reported a failure without naming it" : null;
        }
    }

    /** A build's stream: each step's output goes to the job's log as it comes. */
    private static final class BuildProgress extends EngineProgress<BuildResponseItem> {

        private volatile @Nullable String imageId;
        private volatile @Nullable String shortImageId;

        BuildProgress(OutputListener output) {
            super(output);
        }

        @Override
        public void onNext(BuildResponseItem item) {
            super.onNext(item);
            String text = item.getStream();
            if (text != null) {
                write(LogStream.STDOUT, text);
                if (text.startsWith(SUCCESSFULLY_BUILT)) {
                    shortImageId = text.substring(SUCCESSFULLY_BUILT.length()).strip();
                }
            }
            // AuxDetail has no field for the ID, but the item keeps the JSON it was read from
            if (item.getRawValues().get("aux") instanceof Map<?, ?> aux && aux.get("ID") instanceof String id) {
                imageId = id;
            }
        }

        @Nullable
        String imageId() {
            return imageId;
        }

        @Nullable
        String shortImageId() {
            return shortImageId;
        }
    }

    /** A push's stream: a line per change of a layer's status, and the digest the registry answered. */
    private static final class PushProgress extends EngineProgress<PushResponseItem> {

        private volatile @Nullable String digest;

        PushProgress(OutputListener output) {
            super(output);
        }

        @Override
        public void onNext(PushResponseItem item) {
            super.onNext(item);
            ResponseItem.AuxDetail aux = item.getAux();
            if (aux != null && aux.getDigest() != null) {
                digest = aux.getDigest();
            }
        }

        @Nullable
        String digest() {
            return digest;
        }
    }
}
