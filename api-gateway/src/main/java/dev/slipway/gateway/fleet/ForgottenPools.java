package dev.slipway.gateway.fleet;

import dev.slipway.gateway.config.GatewayProperties;
import dev.slipway.messaging.JobPublisher;
import dev.slipway.model.EnvironmentTopology;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Deletes the empty queues of pools that no worker has served within its forget-after time and
 * that the gateway does not declare: every pool a job once named made a quorum queue, and those of
 * pools nobody serves any more would pile up. A queue with a message in it, or a consumer, is kept,
 * and so is the pool, which is tried again next time. Every gateway runs this; they may race, and
 * the broker's if-empty delete makes that harmless.
 */
@Component
public class ForgottenPools implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ForgottenPools.class);

    private final WorkerRegistry registry;
    private final JobPublisher broker;
    private final GatewayProperties properties;
    private final Clock clock;
    private final Duration interval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("forgotten-pools").factory());
    private volatile @Nullable ScheduledFuture<?> cleaning;

    public ForgottenPools(WorkerRegistry registry, JobPublisher broker, GatewayProperties properties, Clock clock) {
        this.registry = registry;
        this.broker = broker;
        this.properties = properties;
        this.clock = clock;
        this.interval = properties.poolCleanupInterval();
    }

    /** @return the pools whose queues it deleted */
    public Set<String> clean() {
        Set<String> served = registry.all(clock.instant()).stream()
                .flatMap(worker -> worker.pools().stream())
                .collect(Collectors.toSet());
        Set<String> forgotten = registry.pools().stream()
                .filter(pool -> !served.contains(pool) && !properties.declares(pool))
                .collect(Collectors.toSet());
        Set<String> removed = new java.util.TreeSet<>();
        for (String pool : forgotten) {
            boolean allGone = true;
            for (String route : registry.routesOf(pool)) {
                allGone &= broker.removeIdleRoute(route);
                // the environment creates of the same pool and constraints have a queue beside it
                allGone &= broker.removeIdleRoute(EnvironmentTopology.createRouteFor(route));
            }
            if (allGone) {
                registry.forgetPool(pool);
                removed.add(pool);
            }
        }
        if (!removed.isEmpty()) {
            log.info("Deleted the empty queues of pools no worker serves: {}", removed);
        }
        return removed;
    }

    /** Restartable: a stopped context (a paused test context, {@code context.stop()}) may start again. */
    @Override
    public synchronized void start() {
        if (cleaning != null) {
            return;
        }
        cleaning = timer.scheduleWithFixedDelay( // its failures are caught and logged in the task
                () -> {
                    try {
                        clean();
                    } catch (RuntimeException e) {
                        log.warn("Could not clean up the queues of forgotten pools: {}", e.toString());
                    }
                },
                interval.toMillis(),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        ScheduledFuture<?> current = cleaning;
        if (current != null) {
            current.cancel(true);
            cleaning = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return cleaning != null;
    }

    /** The timer's thread goes with the context, not with a stop. */
    @PreDestroy
    void shutDown() {
        timer.shutdownNow();
    }
}
