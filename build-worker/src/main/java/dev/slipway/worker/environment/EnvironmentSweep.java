package dev.slipway.worker.environment;

import dev.slipway.messaging.JobPublisher;
import dev.slipway.model.EnvironmentCommand;
import dev.slipway.model.EnvironmentEvent;
import dev.slipway.model.EnvironmentId;
import dev.slipway.model.EnvironmentRecord;
import dev.slipway.model.EnvironmentState;
import dev.slipway.model.EnvironmentTemplate;
import dev.slipway.model.EnvironmentTopology;
import dev.slipway.model.WorkerId;
import dev.slipway.model.WorkerStatus;
import dev.slipway.worker.execution.ContainerRuntimeException;
import dev.slipway.worker.fleet.WorkerRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What keeps environments true to their records without a prompt, on a schedule:
 *
 * <ul>
 *   <li>this worker's own: lifetimes that ran out (container removed, EXPIRED), idle stops, stops,
 *       starts and removals whose prompt was lost, creates interrupted by a crash, containers that
 *       exited or vanished, health; its first run after a start is the adoption of what it hosted
 *       (LOST back to RUNNING or STOPPED, a missing container FAILED); labelled containers of its
 *       own that no hosted environment owns are removed after a grace period;
 *   <li>stats samples, every 2 s, of the environments someone watches;
 *   <li>the fleet's, by one worker at a time: environments of workers that stopped heartbeating
 *       become LOST; those that expired with no live worker become EXPIRED; a PENDING one whose
 *       create is in no queue gets its create again.
 * </ul>
 */
@Component
class EnvironmentSweep implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EnvironmentSweep.class);
    private static final Duration STATS_INTERVAL = Duration.ofSeconds(2);
    /** A transitional record this old with nothing running for it here lost its prompt. */
    private static final Duration PROMPT_PATIENCE = Duration.ofSeconds(5);

    private static final int PAGE = 1000;
    private static final List<EnvironmentState> HOSTED_STATES = List.of(
            EnvironmentState.CREATING,
            EnvironmentState.RUNNING,
            EnvironmentState.STOPPING,
            EnvironmentState.STOPPED,
            EnvironmentState.STARTING);

    private final EnvironmentHost host;
    private final HostImages hostImages;
    private final EnvironmentRecords records;
    private final EnvironmentRuntime runtime;
    private final WorkerRegistry registry;
    private final JobPublisher publisher;
    private final EnvironmentSettings settings;
    private final JsonMapper json;
    private final Clock clock;
    private final WorkerId me;
    private final Map<String, Instant> strangers = new ConcurrentHashMap<>();
    private final Set<EnvironmentId> sampling = ConcurrentHashMap.newKeySet();
    private final ExecutorService actions = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("environment-sweep-", 0).factory());
    private volatile @Nullable ScheduledExecutorService scheduler;

    EnvironmentSweep(
            EnvironmentHost host,
            HostImages hostImages,
            EnvironmentRecords records,
            EnvironmentRuntime runtime,
            WorkerRegistry registry,
            JobPublisher publisher,
            EnvironmentSettings settings,
            JsonMapper json,
            Clock clock) {
        this.host = host;
        this.hostImages = hostImages;
        this.records = records;
        this.runtime = runtime;
        this.registry = registry;
        this.publisher = publisher;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
        this.me = host.workerId();
    }

    @Override
    @SuppressWarnings("FutureReturnValueIgnored") // each run catches its own failures; stop() ends them
    public void start() {
        ScheduledExecutorService started = Executors.newScheduledThreadPool(
                3, Thread.ofPlatform().daemon().name("environment-sweep").factory());
        long sweep = settings.sweepInterval().toMillis();
        started.scheduleWithFixedDelay(
                () -> quietly("sweeping environments", this::sweep), 0, sweep, TimeUnit.MILLISECONDS);
        long images = HostImages.REPORT_INTERVAL.toMillis();
        started.scheduleWithFixedDelay(
                () -> quietly("reporting the host's images", hostImages::report), 0, images, TimeUnit.MILLISECONDS);
        long stats = STATS_INTERVAL.toMillis();
        started.scheduleWithFixedDelay(
                () -> quietly("sampling stats", this::sampleStats), stats, stats, TimeUnit.MILLISECONDS);
        scheduler = started;
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = scheduler;
        if (running != null) {
            running.shutdownNow();
            scheduler = null;
        }
        actions.shutdown();
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    /** Starts before the intake (its first run adopts what this worker hosted) and stops after it. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 20;
    }

    void sweep() {
        sweepHosted();
        if (records.takeDuty("environments", me, settings.sweepInterval().multipliedBy(2))) {
            sweepFleet();
        }
    }

    /** This worker's environments against their records and containers. */
    void sweepHosted() {
        Instant now = clock.instant();
        List<EnvironmentRecord> hosted = records.hostedBy(me);
        for (EnvironmentRecord environment : hosted) {
            if (host.isCreating(environment.id())) {
                continue;
            }
            if (!environment.expiresAt().isAfter(now)) {
                actions.execute(() -> host.expire(environment));
                continue;
            }
            boolean waited = environment.updatedAt().plus(PROMPT_PATIENCE).isBefore(now);
            switch (environment.state()) {
                case CREATING -> {
                    if (waited) {
                        actions.execute(() -> host.create(environment.id()));
                    }
                }
                case STOPPING, STARTING -> {
                    if (waited) {
                        actions.execute(() -> host.settle(environment.id()));
                    }
                }
                case RUNNING -> {
                    Instant idleAt = environment.idleStopAt();
                    if (environment.removeRequested()) {
                        actions.execute(() -> host.settle(environment.id()));
                    } else if (idleAt != null && !idleAt.isAfter(now)) {
                        actions.execute(() -> host.stopIdle(environment));
                    } else {
                        host.check(environment);
                    }
                }
                case STOPPED, LOST -> {
                    if (environment.removeRequested()) {
                        actions.execute(() -> host.settle(environment.id()));
                    } else {
                        host.check(environment);
                    }
                }
                default -> {
                    // PENDING is never hosted; the ended are not listed
                }
            }
        }
        removeStrangers(hosted, now);
    }

    /**
     * Labelled containers of this worker that no environment it hosts owns (its record ended, or
     * never was) are removed once they have been seen for the grace period.
     */
    private void removeStrangers(List<EnvironmentRecord> hosted, Instant now) {
        Set<String> known =
                hosted.stream().map(environment -> environment.id().value()).collect(Collectors.toSet());
        List<EnvironmentContainer> containers;
        try {
            containers = runtime.environmentContainers();
        } catch (ContainerRuntimeException e) {
            log.warn("Could not list environment containers ({}); looking again at the next sweep", e.getMessage());
            return;
        }
        Set<String> seen = new java.util.HashSet<>();
        for (EnvironmentContainer container : containers) {
            if (!me.value().equals(container.worker()) || known.contains(container.environmentId())) {
                continue;
            }
            seen.add(container.id());
            Instant first = strangers.computeIfAbsent(container.id(), id -> now);
            if (!first.plus(settings.unknownContainerGrace()).isAfter(now)) {
                try {
                    runtime.remove(container.id());
                    strangers.remove(container.id());
                    log.info(
                            "Removed container {} of environment {}: no environment this worker hosts owns it",
                            container.id().substring(0, 12),
                            container.environmentId());
                } catch (ContainerRuntimeException e) {
                    log.warn("Could not remove container {} ({})", container.id(), e.getMessage());
                }
            }
        }
        strangers.keySet().retainAll(seen);
    }

    /** What one worker at a time does for the whole fleet. */
    void sweepFleet() {
        Instant now = clock.instant();
        Map<WorkerId, Boolean> gone = new HashMap<>();
        for (EnvironmentState state : HOSTED_STATES) {
            for (EnvironmentRecord environment : records.inState(state, PAGE)) {
                WorkerId worker = environment.workerId();
                if (worker == null || !gone.computeIfAbsent(worker, w -> isGone(w, now))) {
                    continue;
                }
                records.update(
                        environment.id(),
                        current -> HOSTED_STATES.contains(current.state()) && worker.equals(current.workerId())
                                ? Optional.of(current.withState(EnvironmentState.LOST, stamp(now))
                                        .withError("worker " + worker
                                                + " stopped heartbeating; its container may come back with it"))
                                : Optional.empty());
                log.warn("Environment {} is LOST: its worker {} stopped heartbeating", environment.id(), worker);
            }
        }
        for (EnvironmentId id : records.expiredBy(now, PAGE)) {
            records.update(id, current -> {
                WorkerId worker = current.workerId();
                boolean unhosted = worker == null
                        || current.state() == EnvironmentState.LOST
                        || gone.computeIfAbsent(worker, w -> isGone(w, now));
                return unhosted && !current.expiresAt().isAfter(now)
                        ? Optional.of(current.withState(EnvironmentState.EXPIRED, stamp(now)))
                        : Optional.empty();
            });
        }
        for (EnvironmentRecord pending : records.inState(EnvironmentState.PENDING, PAGE)) {
            if (pending.updatedAt().plus(settings.republishAfter()).isBefore(now)) {
                republish(pending, now);
            }
        }
    }

    /** A create that is in no queue (the gateway died before it was sent, or the broker lost it) is sent again. */
    private void republish(EnvironmentRecord pending, Instant now) {
        EnvironmentTemplate template = pending.template();
        String route = EnvironmentTopology.createRoute(template.pool(), template.constraints());
        OptionalLong waiting = publisher.backlog(route);
        if (waiting.isEmpty() || waiting.getAsLong() > 0) {
            return; // its create may be among them; a worker with room takes it
        }
        publisher.publish(
                route, pending.id().value(), json.writeValueAsBytes(new EnvironmentCommand.Create(pending.id())));
        records.update(
                pending.id(),
                current -> current.state() == EnvironmentState.PENDING
                        ? Optional.of(current.withState(EnvironmentState.PENDING, stamp(now)))
                        : Optional.empty());
        log.info("Sent the create of environment {} again: it was PENDING with an empty queue", pending.id());
    }

    private boolean isGone(WorkerId worker, Instant now) {
        if (worker.equals(me)) {
            return false;
        }
        Optional<WorkerStatus> status = registry.status(worker);
        return status.isEmpty() || status.get().isGoneAt(now);
    }

    /** One stats sample of each running environment that someone watches, each on its own thread. */
    void sampleStats() {
        for (EnvironmentRecord environment : records.hostedBy(me)) {
            String container = environment.containerId();
            if (environment.state() != EnvironmentState.RUNNING
                    || container == null
                    || !records.statsWanted(environment.id())
                    || !sampling.add(environment.id())) {
                continue;
            }
            actions.execute(() -> {
                try {
                    runtime.stats(container)
                            .ifPresent(sample -> records.appendStats(new EnvironmentEvent.Stats(
                                    environment.id(),
                                    clock.instant(),
                                    sample.cpuPercent(),
                                    sample.memoryUsedBytes(),
                                    sample.memoryLimitBytes(),
                                    sample.pids(),
                                    sample.networkRxBytes(),
                                    sample.networkTxBytes())));
                } catch (RuntimeException e) {
                    log.debug("No stats for environment {}: {}", environment.id(), e.toString());
                } finally {
                    sampling.remove(environment.id());
                }
            });
        }
    }

    private static Instant stamp(Instant now) {
        return now.truncatedTo(ChronoUnit.MILLIS);
    }

    private static void quietly(String what, Runnable run) {
        try {
            run.run();
        } catch (RuntimeException e) {
            log.warn("Failed {} ({}); trying again at the next run", what, e.toString());
        }
    }
}
