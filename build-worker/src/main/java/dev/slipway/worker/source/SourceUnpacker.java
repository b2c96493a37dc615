package dev.slipway.worker.source;

import dev.slipway.artifacts.ArtifactStore;
import dev.slipway.artifacts.ArtifactStoreException;
import dev.slipway.artifacts.NoSuchObjectException;
import dev.slipway.artifacts.ObjectKey;
import dev.slipway.artifacts.SourceArchives;
import dev.slipway.model.GitSource;
import dev.slipway.model.JobId;
import dev.slipway.model.JobSource;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.zip.ZipException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Gives a job's source to whoever unpacks it (the engine, into the container's working directory;
 * or the image builder, as its context) as a tar checked by {@link ArchiveGuard}, streamed as it
 * is read ({@link GuardedPipe}): an upload from the artifact store, or a git checkout made in the
 * scratch directory and removed afterwards.
 */
@Component
public class SourceUnpacker {

    private static final Logger log = LoggerFactory.getLogger(SourceUnpacker.class);

    private final ArtifactStore store;
    private final GitCheckouts checkouts;
    private final SourceSettings settings;

    SourceUnpacker(ArtifactStore store, GitCheckouts checkouts, SourceSettings settings) {
        this.store = store;
        this.checkouts = checkouts;
        this.settings = settings;
    }

    /**
     * One job's source, to be handed over.
     *
     * @param secrets the job's secrets, where a git password is found
     * @param prefix the directory every entry is put in, or empty for none
     * @param owner who the entries belong to, or null for root
     * @param timeout how long getting it may take (the job's timeout)
     * @param stopped true when the job was asked to stop meanwhile
     */
    public record Request(
            JobId job,
            JobSource source,
            Map<String, String> secrets,
            String prefix,
            ArchiveGuard.@Nullable Owner owner,
            Duration timeout,
            BooleanSupplier stopped) {}

    /** What was handed over, in words for the job's log. */
    public record Unpacked(String description, int files, long bytes) {

        public String note() {
            return "source: " + description + ", " + files + " files, " + bytes + " bytes";
        }
    }

    /**
     * Streams the checked source to {@code consumer}, which reads it to its end.
     *
     * @throws SourceRejectedException when the source cannot be used: its first refused entry, a
     *     missing upload, a missing ref; this wins over whatever the consumer then failed with
     * @throws SourceUnavailableException when the store or the git server failed: another attempt may succeed
     */
    public Unpacked stream(Request request, Consumer<InputStream> consumer) {
        JobSource source = request.source();
        if (source.upload() != null) {
            return fromUpload(source.upload(), request, consumer);
        }
        GitSource git = source.git();
        if (git == null) {
            throw new SourceRejectedException("the job's source names neither an upload nor a git repository");
        }
        return fromGit(git, request, consumer);
    }

    private Unpacked fromUpload(String id, Request request, Consumer<InputStream> consumer) {
        InputStream upload;
        try {
            upload = store.open(ObjectKey.of(JobSource.uploadObjectKey(id)), 0, -1);
        } catch (NoSuchObjectException e) {
            throw new SourceRejectedException("the upload " + id + " is gone: it expired, or was never stored", e);
        } catch (ArtifactStoreException e) {
            throw new SourceUnavailableException("the artifact store did not give the upload " + id, e);
        }
        try (InputStream raw = upload) {
            ArchiveGuard.Copied copied =
                    pipe().copy(SourceArchives.plainTar(raw), request.prefix(), request.owner(), consumer);
            return new Unpacked("upload " + id, copied.files(), copied.bytes());
        } catch (ZipException | EOFException e) {
            throw new SourceRejectedException("the upload " + id + " is no readable tar: " + e.getMessage(), e);
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("header")) { // commons-compress on a broken tar header
                throw new SourceRejectedException("the upload " + id + " is no readable tar: " + e.getMessage(), e);
            }
            throw new SourceUnavailableException("reading the upload " + id + " failed: " + e.getMessage(), e);
        }
    }

    private Unpacked fromGit(GitSource git, Request request, Consumer<InputStream> consumer) {
        String password =
                git.passwordSecret() == null ? null : request.secrets().get(git.passwordSecret());
        if (git.passwordSecret() != null && password == null) {
            throw new SourceRejectedException("the job has no secret " + git.passwordSecret() + " for its git source");
        }
        Path scratch;
        try {
            Files.createDirectories(settings.scratch());
            scratch = Files.createTempDirectory(
                    settings.scratch(), "job-" + request.job().value() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a scratch directory in " + settings.scratch(), e);
        }
        try {
            Path checkout = scratch.resolve("checkout");
            GitCheckouts.CheckedOut out = checkouts.checkout(
                    git,
                    password,
                    checkout,
                    new GitCheckouts.Limits(
                            settings.gitTimeout(),
                            request.timeout(),
                            settings.maxSize().toBytes(),
                            settings.maxEntries(),
                            settings.allowPrivateGitHosts(),
                            request.stopped()));
            Path tar = scratch.resolve("checkout.tar");
            try (OutputStream file = Files.newOutputStream(tar)) {
                DirectoryTar.write(checkout, file);
            }
            try (InputStream in = Files.newInputStream(tar)) {
                ArchiveGuard.Copied copied = pipe().copy(in, request.prefix(), request.owner(), consumer);
                return new Unpacked(
                        git.url() + " " + out.ref() + " at " + out.commit(), copied.files(), copied.bytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("copying the checkout of " + git.url() + " failed", e);
        } finally {
            try {
                DirectoryTar.deleteTree(scratch);
            } catch (IOException e) {
                log.warn("Could not remove the checkout {} of job {}: {}", scratch, request.job(), e.toString());
            }
        }
    }

    private GuardedPipe pipe() {
        return new GuardedPipe(new ArchiveGuard(settings.maxSize().toBytes(), settings.maxEntries()));
    }
}
