package dev.slipway.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.JobState;
import dev.slipway.worker.execution.Settlement.Decision;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SettlementTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private final Settlement settlement = new Settlement(Duration.ofSeconds(2), Duration.ofSeconds(30));

    @Test
    void aScriptThatExitsDecidesItsOwnStateAndIsNeverRetried() {
        Decision ok = settlement.decide(JobState.RUNNING, 1, 0, 3, Outcome.exited(0), NOW);
        Decision bad = settlement.decide(JobState.RUNNING, 1, 0, 3, Outcome.exited(2), NOW);

        assertThat(ok.to()).isEqualTo(JobState.SUCCEEDED);
        assertThat(bad.to()).isEqualTo(JobState.FAILED);
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.failures()).isZero();
        assertThat(bad.dispatchAt()).isNull();
    }

    @Test
    void aTimeoutIsFinalEvenWithAttemptsLeft() {
        Decision decision = settlement.decide(JobState.RUNNING, 1, 0, 3, Outcome.timedOut(5), NOW);

        assertThat(decision.to()).isEqualTo(JobState.TIMED_OUT);
        assertThat(decision.dispatchAt()).isNull();
    }

    @Test
    void aPlatformFailureWithAttemptsLeftIsRequeuedAfterTheInitialBackoff() {
        Decision decision = settlement.decide(JobState.RUNNING, 1, 0, 3, Outcome.platformFailure("docker died"), NOW);

        assertThat(decision.to()).isEqualTo(JobState.QUEUED);
        assertThat(decision.failures()).isEqualTo(1);
        assertThat(decision.dispatchAt()).isEqualTo(NOW.plusSeconds(2));
        assertThat(decision.error()).contains("attempt 1 failed: docker died").contains("retrying in 2000 ms");
    }

    @Test
    void aLostWorkerCountsAsAFailureAndIsRetriedLikeOne() {
        Decision decision = settlement.decide(JobState.RUNNING, 2, 1, 3, Outcome.lost("w-1"), NOW);

        assertThat(decision.to()).isEqualTo(JobState.QUEUED);
        assertThat(decision.failures()).isEqualTo(2);
        assertThat(decision.dispatchAt()).isEqualTo(NOW.plusSeconds(4));
    }

    @Test
    void theLastAllowedFailureEndsTheJobAndSaysHowManyAttemptsFailed() {
        Decision decision = settlement.decide(JobState.RUNNING, 3, 2, 3, Outcome.platformFailure("image gone"), NOW);

        assertThat(decision.to()).isEqualTo(JobState.FAILED);
        assertThat(decision.failures()).isEqualTo(3);
        assertThat(decision.dispatchAt()).isNull();
        assertThat(decision.error()).isEqualTo("image gone; gave up after 3 failed attempts");
    }

    @Test
    void aSingleAttemptJobFailsAtOnceWithThePlainReason() {
        Decision decision = settlement.decide(JobState.RUNNING, 1, 0, 1, Outcome.platformFailure("image gone"), NOW);

        assertThat(decision.to()).isEqualTo(JobState.FAILED);
        assertThat(decision.error()).isEqualTo("image gone");
    }

    @Test
    void aHandBackRequeuesAtOnceWithoutCostingAnAttempt() {
        Decision decision = settlement.decide(JobState.RUNNING, 1, 1, 2, Outcome.handedBack("w-1"), NOW);

        assertThat(decision.to()).isEqualTo(JobState.QUEUED);
        assertThat(decision.failures()).isEqualTo(1);
        assertThat(decision.dispatchAt()).isEqualTo(NOW);
        assertThat(decision.error()).contains("shut down").endsWith("; requeued");
    }

    @Test
    void aCancelAskedForMeanwhileWinsOverAnyOutcome() {
        for (Outcome outcome : new Outcome[] {
            Outcome.exited(0), Outcome.platformFailure("x"), Outcome.handedBack("w"), Outcome.timedOut(1)
        }) {
            Decision decision = settlement.decide(JobState.CANCELLING, 1, 0, 3, outcome, NOW);
            assertThat(decision.to()).as(outcome.kind().name()).isEqualTo(JobState.CANCELLED);
            assertThat(decision.dispatchAt()).isNull();
        }
    }

    @Test
    void onlyARunningOrCancellingJobCanBeSettled() {
        assertThatThrownBy(() -> settlement.decide(JobState.QUEUED, 1, 0, 3, Outcome.exited(0), NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settlement.decide(JobState.SUCCEEDED, 1, 0, 3, Outcome.exited(0), NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void backoffDoublesPerFailureUpToTheMaximum() {
        assertThat(settlement.backoffAfter(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(settlement.backoffAfter(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(settlement.backoffAfter(4)).isEqualTo(Duration.ofSeconds(16));
        assertThat(settlement.backoffAfter(5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(settlement.backoffAfter(60)).isEqualTo(Duration.ofSeconds(30));
    }
}
