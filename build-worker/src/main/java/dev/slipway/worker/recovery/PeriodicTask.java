package dev.slipway.worker.recovery;

import java.time.Duration;

/**
 * Work every worker does on a schedule, to recover from failures elsewhere. {@link RecoveryLoops}
 * runs each task of the application on a thread of its own, so that one that hangs (a Docker call)
 * cannot hold up another (a lease renewal); {@link RecoveryTasks} lists them.
 *
 * @param description what the task does, for its thread's name and the log: "renewing leases"
 * @param interval between the end of one run and the start of the next
 * @param initialDelay before the first run
 * @param run one run; a failure is logged and the task runs again after its interval
 */
record PeriodicTask(String description, Duration interval, Duration initialDelay, Runnable run) {}
