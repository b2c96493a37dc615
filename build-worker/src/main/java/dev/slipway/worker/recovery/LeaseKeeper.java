package dev.slipway.worker.recovery;

import dev.slipway.model.JobId;
import dev.slipway.worker.config.WorkerProperties;
import dev.slipway.worker.execution.ActiveAttempts;
import dev.slipway.worker.execution.JobStateStore;
import dev.slipway.worker.execution.RunningAttempt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Renews the lease of every attempt this worker runs, and acts on the answer: a cancel asked for
 * stops the container; an attempt that is no longer current (this worker was paused or cut off past
 * its lease, and the job moved on) is stopped without recording anything; an attempt that
 * {@link LeaseFence} paused goes on once its lease is known to hold.
 */
@Component
record LeaseKeeper(ActiveAttempts active, JobStateStore states, WorkerProperties properties) {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    void renewAll() {
        for (RunningAttempt attempt : active.all()) {
            if (!attempt.settled()) { // its end is recorded: the lease went with it
                renew(attempt);
            }
        }
    }

    /** Checks one job now, on a cancel signal, instead of waiting for the next heartbeat. */
    void checkNow(JobId job) {
        active.find(job).ifPresent(this::renew);
    }

    private void renew(RunningAttempt attempt) {
        if (renewOnce(attempt)
                && attempt.sinceLeaseConfirmed().compareTo(properties.lease().heartbeatInterval()) > 0) {
            // The renewal took long (Redis was slow or away): it only proves a lease from when it was
            // sent. Renew again, so a fenced attempt is not paused anew right after it resumed.
            renewOnce(attempt);
        }
    }

    /** @return whether the lease is still this worker's */
    private boolean renewOnce(RunningAttempt attempt) {
        try {
            // The lease runs from when Redis applies the renewal, which is after this.
            long sentAt = System.nanoTime();
            JobStateStore.LeaseStatus status = states.renew(
                    attempt.job(),
                    attempt.attempt(),
                    properties.workerId(),
                    properties.lease().duration());
            switch (status) {
                case HELD -> confirmed(attempt, sentAt);
                case CANCEL_REQUESTED -> {
                    confirmed(attempt, sentAt);
                    attempt.unfence(); // a paused container would not see the SIGTERM
                    attempt.requestStop(RunningAttempt.StopReason.CANCEL);
                }
                case LOST -> {
                    if (attempt.settled()) {
                        return false; // settled while the renewal was on its way: not lost, done
                    }
                    log.warn(
                            "Job {} attempt {} is no longer this worker's; stopping it",
                            attempt.job(),
                            attempt.attempt());
                    attempt.requestStop(RunningAttempt.StopReason.LOST);
                    return false;
                }
            }
            return true;
        } catch (RuntimeException e) {
            log.warn(
                    "Could not renew the lease of job {} ({}); trying again at the next heartbeat",
                    attempt.job(),
                    e.toString());
            return false;
        }
    }

    private void confirmed(RunningAttempt attempt, long sentAt) {
        attempt.leaseConfirmed(sentAt);
        // A renewal sent longer ago than a lease may go unrenewed proves too little: the second
        // renewal that renew() makes after a slow one decides.
        if (attempt.fenced()
                && attempt.sinceLeaseConfirmed().compareTo(properties.lease().maxSilence()) < 0) {
            log.info(
                    "Job {} attempt {} holds its lease again; resumed after {} paused",
                    attempt.job(),
                    attempt.attempt(),
                    attempt.unfence());
        }
    }
}
