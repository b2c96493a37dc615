package dev.slipway.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.model.JobId;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How an attempt pauses for want of a lease, resumes when it holds again, and stops when lost. */
class RunningAttemptFenceTest {

    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running = true;
    private volatile java.util.concurrent.@org.jspecify.annotations.Nullable CountDownLatch slowPause;
    private final RunningAttempt attempt = new RunningAttempt(
            JobId.of("01a23770-1462-7921-b34e-fa5005cc2a0a"), 1, runtime(), Duration.ofSeconds(10), System.nanoTime());
    private final List<String> notes = new ArrayList<>();

    @Test
    void aFencedAttemptIsPausedOnceAndResumedWithANoteInTheJobsLog() {
        attempt.containerCreated("c1");
        attempt.notesTo(notes::add);

        assertThat(attempt.fence()).isTrue();
        assertThat(attempt.fence()).as("already paused").isFalse();
        assertThat(attempt.fenced()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> calls.contains("pause c1"));
        Duration paused = attempt.unfence();

        await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() == 2 && !notes.isEmpty());
        assertThat(calls).containsExactly("pause c1", "resume c1");
        assertThat(paused.isNegative()).isFalse();
        assertThat(attempt.fenced()).isFalse();
        assertThat(notes)
                .singleElement()
                .asString()
                .contains("could not reach Redis")
                .contains("paused for");
        assertThat(attempt.unfence()).as("nothing to resume").isZero();
    }

    @Test
    void anAttemptWhoseContainerHasExitedIsNotFencedAgainAndAContainerlessOneNotAtAll() {
        assertThat(attempt.fence()).as("no container yet").isFalse();
        attempt.containerCreated("c1");
        running = false;

        assertThat(attempt.fence()).as("tried: the engine says whether it runs").isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> !attempt.fenced());
        assertThat(attempt.fence()).as("it had exited: not tried again").isFalse();

        assertThat(calls).as("asked once: it had exited").containsExactly("pause c1");
    }

    @Test
    void aLostAttemptIsKilledAtOnceWhileACancelGetsItsGracePeriod() {
        attempt.containerCreated("c1");
        attempt.requestStop(RunningAttempt.StopReason.LOST);
        attempt.requestStop(RunningAttempt.StopReason.CANCEL); // the first reason wins

        await().atMost(Duration.ofSeconds(5)).until(() -> calls.contains("stop c1 PT0S"));
        assertThat(attempt.stopReason()).isEqualTo(RunningAttempt.StopReason.LOST);
        assertThat(attempt.fence()).as("a stopping attempt is not paused").isFalse();

        RunningAttempt cancelled = new RunningAttempt(
                JobId.of("01a23770-1462-7921-b34e-fa5005cc2a0b"),
                1,
                runtime(),
                Duration.ofSeconds(10),
                System.nanoTime());
        cancelled.containerCreated("c2");
        cancelled.requestStop(RunningAttempt.StopReason.CANCEL);
        await().atMost(Duration.ofSeconds(5)).until(() -> calls.contains("stop c2 PT10S"));
    }

    @Test
    void aLeaseConfirmedBeforeAQueuedPauseCameRoundCancelsThePause() throws Exception {
        attempt.containerCreated("c1");
        java.util.concurrent.CountDownLatch engineBusy = new java.util.concurrent.CountDownLatch(1);
        slowPause = engineBusy;

        attempt.fence(); // the first pause hangs in the engine...
        await().atMost(Duration.ofSeconds(5)).until(() -> calls.contains("pause c1"));
        attempt.unfence(); // ...the lease is confirmed meanwhile, without waiting for it
        attempt.fence(); // and lost again: a second pause is queued behind the resume
        attempt.unfence(); // and confirmed again before it came round
        engineBusy.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() == 3);
        Thread.sleep(200);
        assertThat(calls).containsExactly("pause c1", "resume c1", "resume c1");
    }

    @Test
    void theLeaseIsConfirmedFromWhenTheRenewalWasSentNotWhenItsAnswerCame() throws Exception {
        long sent = System.nanoTime();
        Thread.sleep(50);
        attempt.leaseConfirmed(sent);

        assertThat(attempt.sinceLeaseConfirmed()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        attempt.leaseConfirmed(sent - 1_000_000_000L);
        assertThat(attempt.sinceLeaseConfirmed())
                .as("an older renewal's answer does not move the confirmation back")
                .isLessThan(Duration.ofMillis(900));
    }

    private ContainerRuntime runtime() {
        return (ContainerRuntime) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ContainerRuntime.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "pause" -> {
                            calls.add("pause " + args[0]);
                            java.util.concurrent.CountDownLatch busy = slowPause;
                            if (busy != null) {
                                busy.await();
                            }
                            return running;
                        }
                        case "resume" -> calls.add("resume " + args[0]);
                        case "stop" -> calls.add("stop " + args[0] + " " + args[1]);
                        default -> throw new UnsupportedOperationException(method.getName());
                    }
                    return null;
                });
    }
}
