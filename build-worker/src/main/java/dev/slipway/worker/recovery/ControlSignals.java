package dev.slipway.worker.recovery;

import dev.slipway.model.JobId;
import dev.slipway.model.RedisKeys;
import dev.slipway.worker.config.WorkerProperties;
import dev.slipway.worker.fleet.FleetMembership;
import org.springframework.stereotype.Component;

/**
 * Acts at once on the gateway's signals, instead of at the next heartbeat: a cancel, or an operator's
 * cordon or drain of this worker. A signal may be lost (a reconnect, a slow subscriber): the
 * heartbeat, which reads the job's state and the worker's admin state, is the guarantee; this only
 * makes them prompt. A signal is checked against Redis, not trusted.
 */
@Component
public class ControlSignals {

    private final LeaseKeeper leases;
    private final FleetMembership membership;
    private final String forMe;

    ControlSignals(LeaseKeeper leases, FleetMembership membership, WorkerProperties properties) {
        this.leases = leases;
        this.membership = membership;
        this.forMe = RedisKeys.WORKER_PREFIX + properties.workerId().value();
    }

    /** One message of the control channel ({@link RedisKeys#CONTROL_CHANNEL}). */
    public void onSignal(String text) {
        if (text.startsWith(RedisKeys.CANCEL_PREFIX)) {
            String id = text.substring(RedisKeys.CANCEL_PREFIX.length()).trim();
            if (JobId.isWellFormed(id)) {
                leases.checkNow(JobId.of(id));
            }
        } else if (text.equals(forMe) || text.equals(RedisKeys.ROUTES_SIGNAL)) {
            membership.refreshNow();
        }
    }
}
