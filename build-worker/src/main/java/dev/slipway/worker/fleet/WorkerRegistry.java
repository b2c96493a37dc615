package dev.slipway.worker.fleet;

import dev.slipway.model.WorkerAdmin;
import dev.slipway.model.WorkerId;
import dev.slipway.model.WorkerStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The fleet's registry, as one worker sees it: what operators asked of it, where it reports, and
 * whether another worker is still there.
 */
public interface WorkerRegistry {

    /** What an operator asked of this worker; {@link WorkerAdmin#SCHEDULABLE} when nothing. */
    WorkerAdmin admin(WorkerId worker);

    /** The pool's constraint routes (see {@link dev.slipway.model.JobTopology#routeFor}) and their constraints. */
    Map<String, Map<String, String>> routes(String pool);

    /** A worker's last report, as it wrote it; empty when it was never seen or is forgotten. */
    Optional<WorkerStatus> status(WorkerId worker);

    /** Writes the worker's entry; the entry is forgotten {@code forgetAfter} after the last report. */
    void report(WorkerStatus status, Duration forgetAfter);
}
