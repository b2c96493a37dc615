package dev.slipway.worker.docker;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * The exits of the containers this worker awaits, as two sources tell them: the engine's {@code die}
 * event ({@link DieEvents}) and the answer to a {@code wait} call. The first to tell wins. The event
 * comes sooner: the engine answers {@code wait} only once it has torn the container's network down,
 * some 50 ms after the exit, while the event is sent before. The wait stays, for correctness: it alone
 * tells while the event stream is down, and of an exit the stream missed.
 *
 * <p>A container is {@link #expect expected} before it starts, so that the {@code die} of one that exits
 * at once cannot arrive before anyone listens for it; it is {@link #forget forgotten} once its exit is
 * known or no longer awaited.
 */
@Component
final class ContainerExits {

    private final ConcurrentMap<String, CompletableFuture<Integer>> expected = new ConcurrentHashMap<>();

    /** Listens for the container's exit from now on; the same exit for every call until it is forgotten. */
    CompletableFuture<Integer> expect(String containerId) {
        return expected.computeIfAbsent(containerId, id -> new CompletableFuture<>());
    }

    /** The engine said the container died with {@code exitCode}; of a container nobody expects, nothing. */
    void died(String containerId, int exitCode) {
        CompletableFuture<Integer> exit = expected.get(containerId);
        if (exit != null) {
            exit.complete(exitCode);
        }
    }

    void forget(String containerId) {
        expected.remove(containerId);
    }

    /** How many containers are awaited now (for tests and diagnostics). */
    int awaited() {
        return expected.size();
    }

    /**
     * The container's exit code from whichever tells first, its {@code die} event or {@code waitAnswer};
     * empty when neither does within {@code timeout}. A wait that fails before the event came fails
     * this too: without the wait, an exit the event stream missed would never be learned.
     */
    OptionalInt await(String containerId, CompletableFuture<Integer> waitAnswer, Duration timeout)
            throws InterruptedException, ExecutionException {
        CompletableFuture<Integer> first = new CompletableFuture<>();
        var _ = expect(containerId).thenAccept(first::complete);
        var _ = waitAnswer.whenComplete((exitCode, failure) -> {
            if (failure == null) {
                first.complete(exitCode);
            } else {
                first.completeExceptionally(failure);
            }
        });
        try {
            return OptionalInt.of(first.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException stillRunning) {
            return OptionalInt.empty();
        }
    }
}
