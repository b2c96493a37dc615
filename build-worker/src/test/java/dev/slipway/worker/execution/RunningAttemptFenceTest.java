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
    private final RunningAttempt attempt =
            new RunningAttempt(JobId.of("01a23770-1462-7921-b34e-fa5005cc2a0a"), 1, runtime(), Duration.ofSeconds(10));
    private final List<String> notes = new ArrayList<>();

    @Test
    void aFencedAttemptIsPausedOnceAndResumedWithANoteInTheJobsLog() {
        attempt.containerCreated("c1");
        attempt.notesTo(notes::add);

        assertThat(attempt.fence()).isTrue();
        assertThat(attempt.fence()).as("already paused").isFalse();
        assertThat(attempt.fenced()).isTrue();
        Duration paused = attempt.unfence();

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

        assertThat(attempt.fence()).isFalse();
        assertThat(attempt.fence()).isFalse();

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
                JobId.of("01a23770-1462-7921-b34e-fa5005cc2a0b"), 1, runtime(), Duration.ofSeconds(10));
        cancelled.containerCreated("c2");
        cancelled.requestStop(RunningAttempt.StopReason.CANCEL);
        await().atMost(Duration.ofSeconds(5)).until(() -> calls.contains("stop c2 PT10S"));
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
