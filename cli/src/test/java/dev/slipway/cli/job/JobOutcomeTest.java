package dev.slipway.cli.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.JobState;
import org.junit.jupiter.api.Test;

class JobOutcomeTest {

    @Test
    void aJobThatExitedBySelfExitsWithItsOwnCode() {
        assertThat(JobOutcome.exitCode(new JobEnd(JobState.SUCCEEDED, 0))).isZero();
        assertThat(JobOutcome.exitCode(new JobEnd(JobState.FAILED, 3))).isEqualTo(3);
        assertThat(JobOutcome.exitCode(new JobEnd(JobState.FAILED, 137))).isEqualTo(137);
    }

    @Test
    void endsThePlatformDecidedHaveCodesOfTheirOwn() {
        assertThat(JobOutcome.exitCode(new JobEnd(JobState.TIMED_OUT, null))).isEqualTo(124);
        assertThat(JobOutcome.exitCode(new JobEnd(JobState.FAILED, null))).isEqualTo(125);
        assertThat(JobOutcome.exitCode(new JobEnd(JobState.CANCELLED, null))).isEqualTo(130);
    }

    @Test
    void aTimeoutOrCancelIsReportedAsSuchEvenWhenTheContainerLeftAnExitCode() {
        assertThat(JobOutcome.exitCode(new JobEnd(JobState.TIMED_OUT, 143))).isEqualTo(124);
        assertThat(JobOutcome.exitCode(new JobEnd(JobState.CANCELLED, 143))).isEqualTo(130);
    }
}
