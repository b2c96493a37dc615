package dev.slipway.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EnvironmentStateTest {

    @Test
    void noTerminalStateIsEverLeft() {
        for (EnvironmentState terminal :
                EnumSet.of(EnvironmentState.EXPIRED, EnvironmentState.REMOVED, EnvironmentState.FAILED)) {
            assertThat(terminal.isTerminal()).isTrue();
            assertThat(Arrays.stream(EnvironmentState.values()).filter(terminal::canTransitionTo))
                    .as("moves out of %s", terminal)
                    .isEmpty();
        }
    }

    @Test
    void everyLiveEnvironmentCanBeRemovedExpireOrFail() {
        for (EnvironmentState state : EnvironmentState.values()) {
            if (!state.isTerminal()) {
                assertThat(state.canTransitionTo(EnvironmentState.REMOVED))
                        .as(state + " > REMOVED")
                        .isTrue();
                assertThat(state.canTransitionTo(EnvironmentState.EXPIRED))
                        .as(state + " > EXPIRED")
                        .isTrue();
                assertThat(state.canTransitionTo(EnvironmentState.FAILED))
                        .as(state + " > FAILED")
                        .isTrue();
            }
        }
    }

    @Test
    void aStopKeepsTheContainerAndAStartOrRestartGoesThroughStarting() {
        assertThat(next(EnvironmentState.RUNNING))
                .contains(EnvironmentState.STOPPING, EnvironmentState.STARTING)
                .doesNotContain(EnvironmentState.STOPPED, EnvironmentState.PENDING);
        assertThat(next(EnvironmentState.STOPPING)).contains(EnvironmentState.STOPPED);
        assertThat(next(EnvironmentState.STOPPED))
                .contains(EnvironmentState.STARTING)
                .doesNotContain(EnvironmentState.RUNNING);
        assertThat(next(EnvironmentState.STARTING)).contains(EnvironmentState.RUNNING);
    }

    @Test
    void aLostEnvironmentComesBackRunningOrStoppedAndAPendingOneIsCreatedFirst() {
        assertThat(next(EnvironmentState.LOST))
                .contains(EnvironmentState.RUNNING, EnvironmentState.STOPPED)
                .doesNotContain(EnvironmentState.PENDING, EnvironmentState.CREATING);
        assertThat(next(EnvironmentState.PENDING))
                .containsExactlyInAnyOrder(
                        EnvironmentState.CREATING,
                        EnvironmentState.REMOVED,
                        EnvironmentState.EXPIRED,
                        EnvironmentState.FAILED);
    }

    private static Set<EnvironmentState> next(EnvironmentState from) {
        return Arrays.stream(EnvironmentState.values())
                .filter(from::canTransitionTo)
                .collect(Collectors.toSet());
    }
}
