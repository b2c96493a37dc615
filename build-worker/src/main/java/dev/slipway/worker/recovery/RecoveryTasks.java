package dev.slipway.worker.recovery;

import dev.slipway.worker.artifacts.ArtifactSweeper;
import dev.slipway.worker.config.WorkerProperties;
import dev.slipway.worker.source.UploadSweeper;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every recovery task and its schedule, in one place. */
@Configuration(proxyBeanMethods = false)
class RecoveryTasks {

    @Bean
    PeriodicTask leaseRenewal(LeaseKeeper leases, WorkerProperties properties) {
        return new PeriodicTask(
                "renewing leases", properties.lease().heartbeatInterval(), Duration.ZERO, leases::renewAll);
    }

    /** Checked more often than leases are renewed, so a pause comes soon after a lease may have run out. */
    @Bean
    PeriodicTask fencing(LeaseFence fence, WorkerProperties properties) {
        return new PeriodicTask(
                "pausing attempts whose lease may have run out",
                properties.lease().heartbeatInterval().dividedBy(4),
                Duration.ZERO,
                fence::fenceUnconfirmed);
    }

    /** A worker that just started gives the others a chance to renew first. */
    @Bean
    PeriodicTask leaseSweep(LeaseSweeper sweeper, WorkerProperties properties) {
        Duration interval = properties.recovery().sweepInterval();
        return new PeriodicTask("sweeping expired leases", interval, interval, sweeper::sweep);
    }

    @Bean
    PeriodicTask dispatch(Dispatcher dispatcher, WorkerProperties properties) {
        return new PeriodicTask(
                "publishing due jobs", properties.recovery().sweepInterval(), Duration.ZERO, dispatcher::publishDue);
    }

    @Bean
    PeriodicTask deadLetters(DeadLetterSweep sweep, WorkerProperties properties) {
        return new PeriodicTask(
                "failing dead-lettered jobs", properties.recovery().deadLetterInterval(), Duration.ZERO, sweep::sweep);
    }

    @Bean
    PeriodicTask queueTimeouts(QueueTimeoutSweep sweep, WorkerProperties properties) {
        return new PeriodicTask(
                "failing jobs past their queue timeout",
                properties.recovery().sweepInterval(),
                Duration.ZERO,
                sweep::sweep);
    }

    @Bean
    PeriodicTask reconcile(Reconciler reconciler, WorkerProperties properties) {
        Duration interval = properties.recovery().reconcileAfter().dividedBy(4);
        return new PeriodicTask("publishing stranded queued jobs again", interval, interval, reconciler::reconcile);
    }

    @Bean
    PeriodicTask diskChecks(DiskWatchdog watchdog, WorkerProperties properties) {
        return new PeriodicTask(
                "measuring what running jobs wrote", properties.diskCheckInterval(), Duration.ZERO, watchdog::check);
    }

    /** Every worker sweeps; each upload is deleted by the one that takes it off the index. */
    @Bean
    PeriodicTask uploadSweep(UploadSweeper sweeper, WorkerProperties properties) {
        return new PeriodicTask(
                "deleting expired uploads", properties.recovery().reapInterval(), Duration.ZERO, sweeper::sweep);
    }

    /** Every worker sweeps; each job's artifacts are deleted by the one that takes it off the index. */
    @Bean
    PeriodicTask artifactSweep(ArtifactSweeper sweeper, WorkerProperties properties) {
        return new PeriodicTask(
                "deleting expired artifacts", properties.recovery().reapInterval(), Duration.ZERO, sweeper::sweep);
    }

    @Bean
    PeriodicTask containerReaping(ContainerReaper reaper, WorkerProperties properties) {
        return new PeriodicTask(
                "reaping containers", properties.recovery().reapInterval(), Duration.ZERO, reaper::reap);
    }
}
