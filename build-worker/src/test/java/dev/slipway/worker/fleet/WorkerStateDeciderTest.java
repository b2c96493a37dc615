package dev.slipway.worker.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.WorkerAdmin;
import dev.slipway.model.WorkerState;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkerStateDeciderTest {

    private static final Optional<String> HEALTHY = Optional.empty();

    @Test
    void aSchedulableWorkerOnAHealthyHostIsActive() {
        assertThat(WorkerStateDecider.decide(WorkerAdmin.SCHEDULABLE, false, 1, HEALTHY))
                .isEqualTo(new WorkerStateDecider.Reported(WorkerState.ACTIVE, null));
    }

    @Test
    void aHostProblemPausesASchedulableWorkerAndSaysWhy() {
        assertThat(WorkerStateDecider.decide(WorkerAdmin.SCHEDULABLE, false, 0, Optional.of("disk full")))
                .isEqualTo(new WorkerStateDecider.Reported(WorkerState.PAUSED, "disk full"));
    }

    @Test
    void anOperatorsCordonWinsOverAHostProblem() {
        assertThat(WorkerStateDecider.decide(WorkerAdmin.CORDONED, false, 2, Optional.of("disk full"))
                        .state())
                .isEqualTo(WorkerState.CORDONED);
    }

    @Test
    void aDrainIsDrainingWhileJobsRunAndDrainedOnceNoneDo() {
        WorkerStateDecider.Reported draining = WorkerStateDecider.decide(WorkerAdmin.DRAINING, false, 2, HEALTHY);
        assertThat(draining.state()).isEqualTo(WorkerState.DRAINING);
        assertThat(draining.reason()).contains("2 jobs still running");
        assertThat(WorkerStateDecider.decide(WorkerAdmin.DRAINING, false, 0, HEALTHY)
                        .state())
                .isEqualTo(WorkerState.DRAINED);
    }

    @Test
    void aWorkerShuttingDownIsDrainingWhateverTheOperatorAsked() {
        for (WorkerAdmin admin : WorkerAdmin.values()) {
            WorkerStateDecider.Reported reported = WorkerStateDecider.decide(admin, true, 0, HEALTHY);
            assertThat(reported.state()).as(admin.name()).isEqualTo(WorkerState.DRAINING);
            assertThat(reported.reason()).startsWith("shutting down");
        }
    }
}
