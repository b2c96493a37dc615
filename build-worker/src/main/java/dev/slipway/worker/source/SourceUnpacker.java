package dev.slipway.worker.source;

import dev.slipway.artifacts.ArtifactStore;
import dev.slipway.artifacts.NoSuchObjectException;
import dev.slipway.artifacts.ObjectKey;
import dev.slipway.model.GitSource;
import dev.slipway.model.JobId;
import dev.slipway.model.JobSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Gives a job's source to whoever unpacks it (the engine, into the container's working directory;
 * or the image builder, as its context) as a tar checked by {@link ArchiveGuard}, streamed as it
 * is read: an upload from the artifact store, or a git checkout made in the scratch directory and
 * removed afterwards.
 */
@Component
public class SourceUnpacker {

    private static final Logger log = LoggerFactory.getLogger(SourceUnpacker.class);
    private static final int PIPE_BUFFER = 1024 * 1024;

    private final ArtifactStore store;
    private final GitCheckouts checkouts;
    private final SourceSettings settings;

    SourceUnpacker(ArtifactStore store, GitCheckouts checkouts, SourceSettings settings) {
        this.store = store;
        this.checkouts = checkouts;
        this.settings = settings;
    }

    /** What was handed over, in words for the job's log. */
    public record Unpacked(String description, int files, long bytes) {

        public String note() {
            return "source: " + description + ", " + files + " files, " + bytes + " bytes";
        }
    }

    /**
     * Streams the checked source to {@code consumer}, which reads it to its end.
     *
     * @param prefix the directory every entry is put in, or empty for none
     * @param secrets the job's secrets, where a git password is found
     * @throws SourceRejectedException when the source cannot be used: its first refused entry, a
     *     missing upload, a failed fetch; this wins over whatever the consumer then failed with
     */
    public Unpacked stream(
            JobId job,
            JobSource source,
            Map<String, String> secrets,
            String prefix,
            ArchiveGuard.@Nullable Owner owner,
            Consumer<InputStream> consumer) {
        if (source.upload() != null) {
            String id = source.upload();
            InputStream upload;
            try {
                upload = store.open(ObjectKey.of(JobSource.uploadObjectKey(id)), 0, -1);
            } catch (NoSuchObjectException e) {
                throw new SourceRejectedException("the upload " + id + " is gone: it expired, or was never stored", e);
            }
            try (InputStream raw = upload) {
                ArchiveGuard.Copied copied = guarded(Decompression.plainTar(raw), prefix, owner, consumer);
                return new Unpacked("upload " + id, copied.files(), copied.bytes());
            } catch (IOException e) {
                throw new SourceRejectedException("the upload " + id + " is no readable tar: " + e.getMessage(), e);
            }
        }
        GitSource git = source.git();
        if (git == null) {
            throw new SourceRejectedException("the job's source names neither an upload nor a git repository");
        }
        return fromGit(job, git, secrets, prefix, owner, consumer);
    }

    private Unpacked fromGit(
            JobId job,
            GitSource git,
            Map<String, String> secrets,
            String prefix,
            ArchiveGuard.@Nullable Owner owner,
            Consumer<InputStream> consumer) {
        String password = git.passwordSecret() == null ? null : secrets.get(git.passwordSecret());
        if (git.passwordSecret() != null && password == null) {
            throw new SourceRejectedException("the job has no secret " + git.passwordSecret() + " for its git source");
        }
        Path scratch;
        try {
            Files.createDirectories(settings.scratch());
            scratch = Files.createTempDirectory(settings.scratch(), "job-" + job.value() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a scratch directory in " + settings.scratch(), e);
        }
        try {
            Path checkout = scratch.resolve("checkout");
            GitCheckouts.CheckedOut out = checkouts.checkout(git, password, checkout, settings.gitTimeout());
            Path tar = scratch.resolve("checkout.tar");
            try (OutputStream file = Files.newOutputStream(tar)) {
                DirectoryTar.write(checkout, file);
            }
            try (InputStream in = Files.newInputStream(tar)) {
                ArchiveGuard.Copied copied = guarded(in, prefix, owner, consumer);
                return new Unpacked(
                        git.url() + " " + out.ref() + " at " + out.commit(), copied.files(), copied.bytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("copying the checkout of " + git.url() + " failed", e);
        } finally {
            try {
                DirectoryTar.deleteTree(scratch);
            } catch (IOException e) {
                log.warn("Could not remove the checkout {} of job {}: {}", scratch, job, e.toString());
            }
        }
    }

    /**
     * Checks {@code tar} in a thread of its own, writing what passes into a pipe the consumer reads
     * on this one. A refused entry ends the pipe early: the consumer sees a short archive, and the
     * refusal is what the caller learns.
     */
    private ArchiveGuard.Copied guarded(
            InputStream tar, String prefix, ArchiveGuard.@Nullable Owner owner, Consumer<InputStream> consumer)
            throws IOException {
        ArchiveGuard guard = new ArchiveGuard(settings.maxSize().toBytes(), settings.maxEntries());
        PipedInputStream pipe = new PipedInputStream(PIPE_BUFFER);
        PipedOutputStream into = new PipedOutputStream(pipe);
        CompletableFuture<ArchiveGuard.Copied> checked = CompletableFuture.supplyAsync(
                () -> {
                    try (into) {
                        return guard.copy(tar, prefix, owner, into);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                runnable -> Thread.ofVirtual().name("source-guard").start(runnable));
        RuntimeException consumerFailure = null;
        try (pipe) {
            consumer.accept(pipe);
        } catch (RuntimeException e) {
            consumerFailure = e;
        }
        ArchiveGuard.Copied copied = await(checked);
        if (consumerFailure != null) {
            throw consumerFailure;
        }
        if (copied == null) {
            throw new IOException("the source was not read to its end");
        }
        return copied;
    }

    /** What the guard copied; null when its reader stopped reading first (the reader's failure is the one to report). */
    private static ArchiveGuard.@Nullable Copied await(CompletableFuture<ArchiveGuard.Copied> checked)
            throws IOException {
        try {
            return checked.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the source was checked", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SourceRejectedException rejected) {
                throw rejected;
            }
            if (cause instanceof UncheckedIOException io && isClosedPipe(io.getCause())) {
                return null;
            }
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IOException("checking the source failed: " + cause, cause);
        }
    }

    private static boolean isClosedPipe(@Nullable Throwable e) {
        return e != null && String.valueOf(e.getMessage()).contains("Pipe closed");
    }
}
