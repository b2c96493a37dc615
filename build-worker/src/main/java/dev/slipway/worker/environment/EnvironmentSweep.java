package dev.slipway.worker.environment;

import dev.slipway.messaging.JobPublisher;
import dev.slipway.model.EnvironmentCommand;
import dev.slipway.model.EnvironmentEvent;
import dev.slipway.model.EnvironmentId;
import dev.slipway.model.EnvironmentRecord;
import dev.slipway.model.EnvironmentState;
import dev.slipway.model.EnvironmentTemplate;
import dev.slipway.model.EnvironmentTopology;
import dev.slipway.model.EnvironmentUpdate;
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
    /**
     * What becomes LOST when its worker goes silent: what runs or is about to. A STOPPED one stays
     * STOPPED (it holds no resources, and LOST would count them against its owner again); a start
     * of it waits STARTING for its worker, and becomes LOST then.
     */
    private static final List<EnvironmentState> LOSABLE_STATES = List.of(
            EnvironmentState.CREATING, EnvironmentState.RUNNING, EnvironmentState.STOPPING, EnvironmentState.STARTING);

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
    private final Set<EnvironmentId> inFlight = ConcurrentHashMap.newKeySet();
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
        try {
            if (!actions.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("Environment sweep actions still running at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (settings.removeOnShutdown()) {
            removeAllContainers(); // after the intake (stopped first) and every sweep action ended: nothing makes one
            // after
        }
    }

    /** What a system whose records end with it leaves behind: nothing. */
    private void removeAllContainers() {
        try {
            for (EnvironmentContainer container : runtime.environmentContainers()) {
                if (me.value().equals(container.worker())) {
                    runtime.remove(container.id());
                    log.info(
                            "Removed the container of environment {}: its records end with this system",
                            container.environmentId());
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not remove every environment container at shutdown ({})", e.toString());
        }
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
            if (!host.isCreating(environment.id())) {
                sweepOne(environment, now);
            }
        }
        removeStrangers(now);
    }

    private void sweepOne(EnvironmentRecord environment, Instant now) {
        EnvironmentId id = environment.id();
        if (!environment.expiresAt().isAfter(now)) {
            once(id, () -> host.expire(environment));
            return;
        }
        boolean waited = environment.updatedAt().plus(PROMPT_PATIENCE).isBefore(now);
        Instant idleAt = environment.idleStopAt();
        switch (environment.state()) {
            case CREATING -> {
                if (waited) {
                    once(id, () -> host.create(id));
                }
            }
            case STOPPING, STARTING -> {
                if (waited) {
                    once(id, () -> host.settle(id));
                }
            }
            case RUNNING, STOPPED, LOST -> {
                if (environment.removeRequested()) {
                    once(id, () -> host.settle(id));
                } else if (environment.state() == EnvironmentState.RUNNING && idleAt != null && !idleAt.isAfter(now)) {
                    once(id, () -> host.stopIdle(environment));
                } else {
                    once(id, () -> host.check(environment));
                }
            }
            default -> {
                // PENDING is never hosted; the ended are not listed
            }
        }
    }

    /**
     * Runs a sweep's action for one environment on a thread of its own, unless the last one for it
     * is still running: a slow engine call for one environment holds up neither the others nor the
     * next sweep, and a failure is logged with the environment.
     */
    private void once(EnvironmentId id, Runnable action) {
        if (!inFlight.add(id)) {
            return;
        }
        try {
            actions.execute(() -> {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    log.warn("Sweeping environment {} failed ({}); trying again at the next sweep", id, e.toString());
                } finally {
                    inFlight.remove(id);
                }
            });
        } catch (RuntimeException e) { // shutting down
            inFlight.remove(id);
        }
    }

    /**
     * Labelled containers of this worker that no environment it hosts owns (its record ended, or
     * never was) are removed once they have been seen for the grace period.
     */
    private void removeStrangers(Instant now) {
        // By id, not by record: an environment whose record cannot be read now still owns its container.
        Set<String> known = records.hostedIds(me);
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
        for (EnvironmentState state : LOSABLE_STATES) {
            for (EnvironmentRecord environment : records.inState(state, PAGE)) {
                WorkerId worker = environment.workerId();
                if (worker != null && gone.computeIfAbsent(worker, w -> isGone(w, now))) {
                    markLost(environment, worker, now);
                }
            }
        }
        for (EnvironmentRecord lost : records.inState(EnvironmentState.LOST, PAGE)) {
            if (lost.removeRequested()) { // deleted while its worker was away
                records.update(
                        lost.id(),
                        current -> current.state() == EnvironmentState.LOST && current.removeRequested()
                                ? Optional.of(current.withState(EnvironmentState.REMOVED, stamp(now)))
                                : Optional.empty());
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

    /**
     * An environment of a silent worker is LOST, unless its delete was asked for: then it is
     * REMOVED (a worker that comes back removes a container whose environment ended).
     */
    private void markLost(EnvironmentRecord environment, WorkerId worker, Instant now) {
        EnvironmentUpdate update = records.update(environment.id(), current -> {
            if (!LOSABLE_STATES.contains(current.state()) || !worker.equals(current.workerId())) {
                return Optional.empty();
            }
            return Optional.of(
                    current.removeRequested()
                            ? current.withState(EnvironmentState.REMOVED, stamp(now))
                            : current.withState(EnvironmentState.LOST, stamp(now))
                                    .withError("worker " + worker
                                            + " stopped heartbeating; its container may come back with it"));
        });
        if (update instanceof EnvironmentUpdate.Applied applied) {
            log.warn(
                    "Environment {} is {}: its worker {} stopped heartbeating",
                    environment.id(),
                    applied.environment().state(),
                    worker);
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
