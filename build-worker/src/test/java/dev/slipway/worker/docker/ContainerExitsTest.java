package dev.slipway.worker.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The first of a container's die event and its wait answer tells its exit. */
@Timeout(10)
class ContainerExitsTest {

    private final ContainerExits exits = new ContainerExits();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        later.shutdownNow();
    }

    @Test
    void theDieEventTellsTheExitWhileTheWaitHasNotAnswered() throws Exception {
        var _ = exits.expect("c1"); // at start
        CompletableFuture<Integer> wait = new CompletableFuture<>();
        var _ = later.schedule(() -> exits.died("c1", 3), 50, TimeUnit.MILLISECONDS);

        long asked = System.nanoTime();
        OptionalInt exit = exits.await("c1", wait, Duration.ofSeconds(5));

        assertThat(exit).hasValue(3);
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(2));
        assertThat(wait).isNotDone();
    }

    @Test
    void aDieEventThatCameBeforeTheAwaitCounts() throws Exception {
        var _ = exits.expect("c1");
        exits.died("c1", 0); // the container exited between its start and the await

        assertThat(exits.await("c1", new CompletableFuture<>(), Duration.ofSeconds(5)))
                .hasValue(0);
    }

    @Test
    void theWaitTellsTheExitWhenNoEventComes() throws Exception {
        CompletableFuture<Integer> wait = new CompletableFuture<>();
        var _ = later.schedule(() -> wait.complete(137), 50, TimeUnit.MILLISECONDS);

        assertThat(exits.await("c1", wait, Duration.ofSeconds(5))).hasValue(137);
    }

    @Test
    void theFirstToTellWinsAndTheOtherChangesNothing() throws Exception {
        var _ = exits.expect("c1");
        CompletableFuture<Integer> wait = CompletableFuture.completedFuture(1);
        exits.died("c1", 1);

        assertThat(exits.await("c1", wait, Duration.ofSeconds(5))).hasValue(1);
    }

    @Test
    void neitherTellingWithinTheTimeoutIsAContainerStillRunning() throws Exception {
        assertThat(exits.await("c1", new CompletableFuture<>(), Duration.ofMillis(100)))
                .isEmpty();
    }

    @Test
    void aFailedWaitFailsTheAwaitWhenNoEventCame() {
        CompletableFuture<Integer> wait = CompletableFuture.failedFuture(new IllegalStateException("engine gone"));

        assertThatThrownBy(() -> exits.await("c1", wait, Duration.ofSeconds(5)))
                .isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("engine gone");
    }

    @Test
    void aDieEventOfAContainerNobodyAwaitsIsIgnoredAndAForgottenOneIsNotAwaited() throws Exception {
        exits.died("other", 0);
        assertThat(exits.awaited()).isZero();

        var _ = exits.expect("c1");
        exits.forget("c1");
        exits.died("c1", 0); // too late: nobody listens, and a later await asks afresh
        assertThat(exits.await("c1", new CompletableFuture<>(), Duration.ofMillis(100)))
                .isEmpty();
    }
}
