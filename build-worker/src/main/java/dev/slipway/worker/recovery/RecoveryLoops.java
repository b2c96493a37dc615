package dev.slipway.worker.recovery;

import dev.slipway.worker.config.WorkerProperties;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the periodic recovery work. Stops after the job intake (a lower phase), so leases are still
 * renewed while running jobs drain on shutdown.
 */
@Component
class RecoveryLoops implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RecoveryLoops.class);

    private final LeaseKeeper leases;
    private final LeaseSweeper sweeper;
    private final Dispatcher dispatcher;
    private final ContainerReaper reaper;
    private final WorkerProperties properties;
    private @Nullable ScheduledExecutorService scheduler;

    RecoveryLoops(
            LeaseKeeper leases,
            LeaseSweeper sweeper,
            Dispatcher dispatcher,
            ContainerReaper reaper,
            WorkerProperties properties) {
        this.leases = leases;
        this.sweeper = sweeper;
        this.dispatcher = dispatcher;
        this.reaper = reaper;
        this.properties = properties;
    }

    @Override
    public void start() {
        ScheduledExecutorService loops = Executors.newScheduledThreadPool(
                2, Thread.ofPlatform().daemon().name("recovery-", 1).factory());
        scheduler = loops;
        every(loops, properties.lease().heartbeatInterval(), Duration.ZERO, "renewing leases", leases::renewAll);
        every(
                loops,
                properties.recovery().sweepInterval(),
                properties.recovery().sweepInterval(),
                "sweeping expired leases",
                sweeper::sweep);
        every(
                loops,
                properties.recovery().sweepInterval(),
                Duration.ZERO,
                "publishing due jobs",
                dispatcher::publishDue);
        every(loops, properties.recovery().reapInterval(), Duration.ZERO, "reaping containers", reaper::reap);
    }

    // Each task catches its own failures and runs until shutdownNow(): its future has nothing to tell.
    @SuppressWarnings("FutureReturnValueIgnored")
    private static void every(
            ScheduledExecutorService loops, Duration interval, Duration initialDelay, String what, Runnable task) {
        loops.scheduleWithFixedDelay(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        log.warn("Failed {} ({}); trying again in {}", what, e.toString(), interval);
                    }
                },
                initialDelay.toMillis(),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 100;
    }
}
