package dev.slipway.worker.recovery;

import dev.slipway.worker.config.WorkerProperties;
import dev.slipway.worker.execution.ActiveAttempts;
import dev.slipway.worker.execution.RunningAttempt;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Self-fencing: a worker that has not been able to renew an attempt's lease for as long as the lease
 * could last ({@link WorkerProperties.Lease#maxSilence}) pauses the attempt's container, because
 * another worker may take the job over from then on, and the two must not run at once.
 *
 * <p>It pauses rather than kills because the worker cannot tell whether it alone is cut off (the job
 * moves on, and {@link LeaseKeeper} stops the container once Redis answers again) or Redis was away
 * for everyone (nobody could judge the lease, the sweep grants a full term, and the job resumes
 * where it was). Runs on a thread of its own, since renewals may hang on Redis meanwhile.
 */
@Component
record LeaseFence(ActiveAttempts active, WorkerProperties properties) {

    private static final Logger log = LoggerFactory.getLogger(LeaseFence.class);

    void fenceUnconfirmed() {
        Duration limit = properties.lease().maxSilence();
        for (RunningAttempt attempt : active.all()) {
            Duration silent = attempt.sinceLeaseConfirmed();
            if (silent.compareTo(limit) < 0 || attempt.fenced()) {
                continue;
            }
            try {
                if (attempt.fence()) {
                    log.warn(
                            "The lease of job {} attempt {} was not renewed for {}: its container is paused until"
                                    + " Redis confirms the lease, or stopped if the job has moved on",
                            attempt.job(),
                            attempt.attempt(),
                            silent);
                }
            } catch (RuntimeException e) {
                log.error("Could not pause the container of job {} attempt {}", attempt.job(), attempt.attempt(), e);
            }
        }
    }
}
