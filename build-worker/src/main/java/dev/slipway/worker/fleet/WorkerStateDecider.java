package dev.slipway.worker.fleet;

import dev.slipway.model.WorkerAdmin;
import dev.slipway.model.WorkerState;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** What a worker reports itself as, from what the operator asked and how its host is. Pure. */
final class WorkerStateDecider {

    record Reported(WorkerState state, @Nullable String reason) {}

    private WorkerStateDecider() {}

    /**
     * @param shuttingDown whether the worker process is stopping (it drains as on an operator's request)
     * @param running how many jobs the worker runs now
     * @param hostProblem why the host cannot take jobs now, if it cannot
     */
    static Reported decide(WorkerAdmin admin, boolean shuttingDown, int running, Optional<String> hostProblem) {
        if (shuttingDown) {
            return new Reported(WorkerState.DRAINING, "shutting down: " + running + " jobs still running");
        }
        return switch (admin) {
            case DRAINING ->
                running == 0
                        ? new Reported(WorkerState.DRAINED, "drained on an operator's request")
                        : new Reported(
                                WorkerState.DRAINING,
                                "draining on an operator's request: " + running + " jobs still running");
            case CORDONED -> new Reported(WorkerState.CORDONED, "cordoned by an operator");
            case SCHEDULABLE ->
                hostProblem
                        .map(problem -> new Reported(WorkerState.PAUSED, problem))
                        .orElseGet(() -> new Reported(WorkerState.ACTIVE, null));
        };
    }
}
