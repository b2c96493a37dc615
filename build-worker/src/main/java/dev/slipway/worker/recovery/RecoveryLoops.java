package dev.slipway.worker.recovery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Runs every {@link PeriodicTask}, each on a scheduler thread of its own. Stops after the job
 * intake (a lower phase), so leases are still renewed while running jobs drain on shutdown.
 */
@Component
class RecoveryLoops implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RecoveryLoops.class);

    private final List<PeriodicTask> tasks;
    private final IdentityHashMap<PeriodicTask, Counter> redisErrors = new IdentityHashMap<>();
    private final List<ScheduledExecutorService> running = new ArrayList<>();

    RecoveryLoops(List<PeriodicTask> tasks, MeterRegistry meters) {
        this.tasks = List.copyOf(tasks);
        for (PeriodicTask task : this.tasks) {
            redisErrors.put(
                    task,
                    Counter.builder("slipway.redis.errors")
                            .description(
                                    "Redis operations that failed: unreachable, timed out, or refused (READONLY, OOM ...)")
                            .tag("operation", task.description())
                            .register(meters));
        }
    }

    // Each task catches its own failures and runs until shutdownNow(): its future has nothing to tell.
    @Override
    @SuppressWarnings("FutureReturnValueIgnored")
    public synchronized void start() {
        for (PeriodicTask task : tasks) {
            ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                    .daemon()
                    .name("recovery: " + task.description())
                    .factory());
            loop.scheduleWithFixedDelay(
                    () -> runQuietly(task),
                    task.initialDelay().toMillis(),
                    task.interval().toMillis(),
                    TimeUnit.MILLISECONDS);
            running.add(loop);
        }
    }

    private void runQuietly(PeriodicTask task) {
        try {
            task.run().run();
        } catch (RuntimeException e) {
            if (e instanceof DataAccessException) {
                Objects.requireNonNull(redisErrors.get(task)).increment();
            }
            log.warn("Failed {} ({}); trying again in {}", task.description(), e.toString(), task.interval());
        }
    }

    @Override
    public synchronized void stop() {
        running.forEach(ScheduledExecutorService::shutdownNow);
        running.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return !running.isEmpty();
    }

    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 100;
    }
}
