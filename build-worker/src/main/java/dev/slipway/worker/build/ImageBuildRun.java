package dev.slipway.worker.build;

import dev.slipway.model.ImageBuildSpec;
import dev.slipway.model.JobId;
import dev.slipway.model.JobSource;
import dev.slipway.model.PushedImage;
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

    ImageBuildRun(
            ImageBuilder builder,
            SourceUnpacker sources,
            SourceSettings sourceSettings,
            RegistrySettings registries,
            PushedImages pushed) {
        this.builder = builder;
        this.sources = sources;
        this.sourceSettings = sourceSettings;
        this.registries = registries;
        this.pushed = pushed;
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
            ImageBuildSpec build,
            JobSource source,
            Map<String, String> secrets,
            Duration timeout,
            OutputListener output,
            Consumer<String> notes,
            BooleanSupplier stopped) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path context = spool(job, source, secrets, notes);
        try {
            String dockerfile = dockerfileOf(context, build.dockerfile());
            BuildKitSyntax.problem(dockerfile).ifPresent(problem -> {
                throw new ImageBuildFailedException(build.dockerfile() + ", " + problem);
            });
            String imageId;
            try (InputStream in = Files.newInputStream(context)) {
                imageId = builder.build(
                        in,
                        build.dockerfile(),
                        build.buildArgs(),
                        build.tags(),
                        Map.of("slipway.job", job.value(), "slipway.attempt", Integer.toString(attempt)),
                        output,
                        remaining(deadline),
                        stopped);
            }
            notes.accept("image: built " + imageId + " as " + String.join(", ", build.tags()));
            List<PushedImage> images = new ArrayList<>();
            if (build.push()) {
                for (String tag : build.tags()) {
                    String digest =
                            builder.push(tag, credentials(build, tag, secrets), output, remaining(deadline), stopped);
                    images.add(new PushedImage(tag, digest));
                    notes.accept("image: pushed " + tag + " as " + digest);
                }
                pushed.record(job, attempt, images);
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

    private Path spool(JobId job, JobSource source, Map<String, String> secrets, Consumer<String> notes) {
        try {
            Files.createDirectories(sourceSettings.scratch());
            Path context = Files.createTempFile(sourceSettings.scratch(), "context-" + job.value() + "-", ".tar");
            try {
                SourceUnpacker.Unpacked unpacked =
                        sources.stream(job, source, secrets, "", (ArchiveGuard.Owner) null, in -> copy(in, context));
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
        return registries.forHost(host);
    }

    private static Duration remaining(long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new BuildStoppedException("the build ran past its timeout", true);
        }
        return Duration.ofNanos(left);
    }
}
