package dev.slipway.worker.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Checks a tar in a thread of its own ({@link ArchiveGuard}), writing what passes into a pipe the
 * consumer reads on the caller's thread. A refused entry ends the pipe early: the consumer sees a
 * short archive, and the refusal is what the caller learns. A consumer that fails first has the
 * source closed under the checker, so that neither end waits on the other.
 */
final class GuardedPipe {

    private static final int BUFFER = 1024 * 1024;

    private final ArchiveGuard guard;

    GuardedPipe(ArchiveGuard guard) {
        this.guard = guard;
    }

    ArchiveGuard.Copied copy(
            InputStream tar, String prefix, ArchiveGuard.@Nullable Owner owner, Consumer<InputStream> consumer)
            throws IOException {
        PipedInputStream pipe = new PipedInputStream(BUFFER);
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
            tar.close(); // a checker blocked reading the source goes on, to its end
        }
        ArchiveGuard.Copied copied;
        try {
            copied = checked.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the source was checked", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SourceRejectedException rejected) {
                throw rejected; // what the consumer then made of a short archive does not matter
            }
            if (consumerFailure != null) {
                throw consumerFailure; // the checker failed because its reader went away
            }
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IOException("checking the source failed: " + e.getCause(), e.getCause());
        }
        if (consumerFailure != null) {
            throw consumerFailure;
        }
        return copied;
    }
}
