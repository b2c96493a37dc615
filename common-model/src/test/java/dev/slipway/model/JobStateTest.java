package dev.slipway.model;

import static dev.slipway.model.JobState.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobStateTest {

    /** The expected table, written out independently of the switch it checks. */
    private static final Map<JobState, Set<JobState>> ALLOWED = Map.of(
            QUEUED, EnumSet.of(RUNNING, CANCELLED, FAILED),
            RUNNING, EnumSet.of(SUCCEEDED, FAILED, TIMED_OUT, CANCELLING, CANCELLED, QUEUED),
            CANCELLING, EnumSet.of(CANCELLED),
            SUCCEEDED, EnumSet.noneOf(JobState.class),
            FAILED, EnumSet.noneOf(JobState.class),
            CANCELLED, EnumSet.noneOf(JobState.class),
            TIMED_OUT, EnumSet.noneOf(JobState.class));

    @ParameterizedTest
    @EnumSource(JobState.class)
    void eachStateAllowsExactlyTheTransitionsOfItsRow(JobState from) {
        for (JobState to : JobState.values()) {
            assertThat(from.canTransitionTo(to))
                    .as("%s -> %s", from, to)
                    .isEqualTo(ALLOWED.get(from).contains(to));
        }
    }

    @Test
    void terminalStatesAreExactlySucceededFailedCancelledAndTimedOut() {
        assertThat(EnumSet.allOf(JobState.class).stream().filter(JobState::isTerminal))
                .containsExactlyInAnyOrder(SUCCEEDED, FAILED, CANCELLED, TIMED_OUT);
    }

    @ParameterizedTest
    @EnumSource(
            value = JobState.class,
            names = {"SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT"})
    void aTerminalStateIsNeverLeft(JobState terminal) {
        for (JobState to : JobState.values()) {
            assertThat(terminal.canTransitionTo(to))
                    .as("%s -> %s", terminal, to)
                    .isFalse();
        }
    }

    @Test
    void noStateTransitionsToItself() {
        for (JobState state : JobState.values()) {
            assertThat(state.canTransitionTo(state)).as(state.name()).isFalse();
        }
    }
}
