package dev.slipway.worker.build;

import dev.slipway.model.ImageBuildSpec;
import dev.slipway.model.JobId;
import dev.slipway.model.JobSource;
import dev.slipway.model.JobSpec;
import dev.slipway.model.PushedImage;
import dev.slipway.worker.config.WorkerProperties;
import dev.slipway.worker.output.OutputListener;
import dev.slipway.worker.source.ArchiveGuard;
import dev.slipway.worker.source.SourceRejectedException;
import dev.slipway.worker.source.SourceSettings;
import dev.slipway.worker.source.SourceUnpacker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * One attempt of an image build job: its source, checked as any job's, is spooled to the scratch
 * directory as the build context; its Dockerfile is read from it and refused when it needs
 * BuildKit; the context is built into an image with every tag, then each tag is pushed and its
 * digest recorded on the job. Build and push output is the job's log. The built image stays on
 * the host, labelled with the job, as cache for later builds.
 */
@Component
public class ImageBuildRun {

    /** A Dockerfile larger than this is no Dockerfile. */
    private static final int MAX_DOCKERFILE_BYTES = 1024 * 1024;

    private final ImageBuilder builder;
    private final SourceUnpacker sources;
    private final SourceSettings sourceSettings;
    private final RegistrySettings registries;
    private final PushedImages pushed;
    private final @Nullable String jobNetwork;

    ImageBuildRun(
            ImageBuilder builder,
            SourceUnpacker sources,
            SourceSettings sourceSettings,
            RegistrySettings registries,
            PushedImages pushed,
            WorkerProperties properties) {
        this.builder = builder;
        this.sources = sources;
        this.sourceSettings = sourceSettings;
        this.registries = registries;
        this.pushed = pushed;
        this.jobNetwork = properties.jobs().network();
    }

    /** The name the attempt's image is built under, its own: {@code slipway-build/<job>:<attempt>}. */
    static String attemptName(JobId job, int attempt) {
        return "slipway-build/" + job.value() + ":" + attempt;
    }

    /** What the attempt pushed, for the log's last word. */
    public record Built(String imageId, List<PushedImage> images) {}

    /**
     * @param secrets the job's secrets: the git password and the registry password are among them
     * @param notes where the worker's own lines of the log go
     * @throws ImageBuildFailedException when the Dockerfile is missing or needs BuildKit, a step fails or a push is refused
     * @throws SourceRejectedException when the source cannot be used
     * @throws BuildStoppedException past the timeout or when {@code stopped} says so
     */
    public Built run(
            JobId job,
            int attempt,
            JobSpec spec,
            Map<String, String> secrets,
            OutputListener output,
            Consumer<String> notes,
            BooleanSupplier stopped) {
        ImageBuildSpec build = spec.build();
        JobSource source = spec.source();
        if (build == null || source == null) {
            throw new ImageBuildFailedException("an image build needs a source, its build context");
        }
        Duration timeout = Duration.ofSeconds(spec.timeoutSeconds());
        long deadline = System.nanoTime() + timeout.toNanos();
        Path context = spool(job, source, secrets, timeout, stopped, notes);
        try {
            String dockerfile = dockerfileOf(context, build.dockerfile());
            BuildKitSyntax.problem(dockerfile).ifPresent(problem -> {
                throw new ImageBuildFailedException(build.dockerfile() + ", " + problem);
            });
            String imageId;
            String name = attemptName(job, attempt);
            try (InputStream in = Files.newInputStream(context)) {
                imageId = builder.build(
                        in,
                        build.dockerfile(),
                        build.buildArgs(),
                        List.of(name),
                        Map.of("slipway.job", job.value(), "slipway.attempt", Integer.toString(attempt)),
                        new BuildSandbox(
                                "none".equals(spec.network()) ? "none" : jobNetwork,
                                spec.resources().memoryMb() * 1024L * 1024L,
                                (int) Math.max(2, Math.round(spec.resources().cpus() * 1024))),
                        output,
                        remaining(deadline),
                        stopped);
            }
            notes.accept("image: built " + imageId + " as " + name);
            List<PushedImage> images = new ArrayList<>();
            if (build.push()) {
                for (String tag : build.tags()) {
                    RegistryCredentials credentials = credentials(build, tag, secrets);
                    builder.tag(imageId, tag);
                    try {
                        String digest = builder.push(tag, credentials, output, remaining(deadline), stopped);
                        images.add(new PushedImage(tag, digest));
                        pushed.record(job, attempt, images); // each as it is pushed: a later refusal keeps these
                        notes.accept("image: pushed " + tag + " as " + digest);
                    } finally {
                        builder.untag(tag);
                    }
                }
            } else {
                notes.accept("image: not pushed (push is false); it stays on this worker's host as " + name);
            }
            return new Built(imageId, images);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the build context of job " + job + " failed", e);
        } finally {
            try {
                Files.deleteIfExists(context);
            } catch (IOException ignored) {
                // the scratch directory is the worker's own; a leftover is only disk
            }
        }
    }

    private Path spool(
            JobId job,
            JobSource source,
            Map<String, String> secrets,
            Duration timeout,
            BooleanSupplier stopped,
            Consumer<String> notes) {
        try {
            Files.createDirectories(sourceSettings.scratch());
            Path context = Files.createTempFile(sourceSettings.scratch(), "context-" + job.value() + "-", ".tar");
            try {
                SourceUnpacker.Unpacked unpacked = sources.stream(
                        new SourceUnpacker.Request(job, source, secrets, "", null, timeout, stopped),
                        in -> copy(in, context));
                notes.accept(unpacked.note() + " as the build context");
                return context;
            } catch (RuntimeException e) {
                Files.deleteIfExists(context);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool the build context in " + sourceSettings.scratch(), e);
        }
    }

    private static void copy(InputStream in, Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Dockerfile's text, read from the context; the classic builder takes it from there too. */
    private static String dockerfileOf(Path context, String path) throws IOException {
        String wanted = ArchiveGuard.inside(path, path);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(context))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.isFile()
                        && ArchiveGuard.inside(entry.getName(), entry.getName()).equals(wanted)) {
                    if (entry.getSize() > MAX_DOCKERFILE_BYTES) {
                        throw new ImageBuildFailedException(
                                path + " is larger than " + MAX_DOCKERFILE_BYTES + " bytes");
                    }
                    return new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new ImageBuildFailedException("the source has no Dockerfile at '" + path + "'");
    }

    private @Nullable RegistryCredentials credentials(ImageBuildSpec build, String tag, Map<String, String> secrets) {
        String host = RegistrySettings.hostOf(tag);
        if (build.username() != null && build.passwordSecret() != null) {
            String password = secrets.get(build.passwordSecret());
            if (password == null) {
                throw new ImageBuildFailedException(
                        "the job has no secret " + build.passwordSecret() + " for its push");
            }
            return new RegistryCredentials(host, build.username(), password);
        }
        return registries.forTag(tag);
    }

    private static Duration remaining(long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new BuildStoppedException("the build ran past its timeout", true);
        }
        return Duration.ofNanos(left);
    }
}
