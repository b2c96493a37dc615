package dev.slipway.worker.fleet;

import dev.slipway.model.WorkerAdmin;
import dev.slipway.model.WorkerId;
import dev.slipway.model.WorkerStatus;
import java.time.Duration;

/** The fleet's registry, as one worker sees it: what operators asked of it, and where it reports. */
public interface WorkerRegistry {

    /** What an operator asked of this worker; {@link WorkerAdmin#SCHEDULABLE} when nothing. */
    WorkerAdmin admin(WorkerId worker);

    /** Writes the worker's entry; the entry is forgotten {@code forgetAfter} after the last report. */
    void report(WorkerStatus status, Duration forgetAfter);
}
