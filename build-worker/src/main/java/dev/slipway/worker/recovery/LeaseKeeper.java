package dev.slipway.worker.recovery;

import dev.slipway.model.JobId;
import dev.slipway.worker.config.WorkerProperties;
import dev.slipway.worker.execution.ActiveAttempts;
import dev.slipway.worker.execution.JobStateStore;
import dev.slipway.worker.execution.RunningAttempt;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Renews the lease of every attempt this worker runs, and acts on the answer: a cancel asked for
 * stops the container; an attempt that is no longer current (this worker was paused or cut off past
 * its lease, and the job moved on) is stopped without recording anything.
 */
@Component
record LeaseKeeper(ActiveAttempts active, JobStateStore states, WorkerProperties properties, Clock clock) {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    void renewAll() {
        for (RunningAttempt attempt : active.all()) {
            renew(attempt);
        }
    }

    /** Checks one job now, on a cancel signal, instead of waiting for the next heartbeat. */
    void checkNow(JobId job) {
        active.find(job).ifPresent(this::renew);
    }

    private void renew(RunningAttempt attempt) {
        try {
            JobStateStore.LeaseStatus status = states.renew(
                    attempt.job(),
                    attempt.attempt(),
                    properties.workerId(),
                    clock.instant().plus(properties.lease().duration()));
            switch (status) {
                case HELD -> {}
                case CANCEL_REQUESTED -> attempt.requestStop(RunningAttempt.StopReason.CANCEL);
                case LOST -> {
                    log.warn(
                            "Job {} attempt {} is no longer this worker's; stopping it",
                            attempt.job(),
                            attempt.attempt());
                    attempt.requestStop(RunningAttempt.StopReason.LOST);
                }
            }
        } catch (RuntimeException e) {
            log.warn(
                    "Could not renew the lease of job {} ({}); trying again at the next heartbeat",
                    attempt.job(),
                    e.toString());
        }
    }
}
