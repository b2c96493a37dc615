package dev.slipway.worker.fleet;

import dev.slipway.model.JobId;
import dev.slipway.model.JobTopology;
import dev.slipway.model.WorkerAdmin;
import dev.slipway.model.WorkerId;
import dev.slipway.model.WorkerState;
import dev.slipway.model.WorkerStatus;
import dev.slipway.worker.config.WorkerProperties;
import dev.slipway.worker.execution.ActiveAttempts;
import dev.slipway.worker.execution.ContainerRuntime;
import dev.slipway.worker.execution.EngineInfo;
import dev.slipway.worker.execution.RunningAttempt;
import dev.slipway.worker.intake.IntakeGate;
import dev.slipway.worker.intake.IntakeQueues;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps this worker's registry entry: at every heartbeat it reads what operators asked (cordon,
 * drain), checks its host (backpressure), opens or shuts the intake gate accordingly, and reports
 * its state, labels, capacity and running jobs. Starts before the job intake, so a worker that
 * restarts cordoned takes nothing; stops after it, reporting itself GONE.
 */
@Component
public class FleetMembership implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FleetMembership.class);

    private final WorkerRegistry registry;
    private final ActiveAttempts active;
    private final IntakeGate gate;
    private final IntakeQueues queues;
    private final HostPressure pressure;
    private final WorkerProperties properties;
    private final Clock clock;
    private final WorkerId id;
    private final String host;
    private final Instant startedAt;
    private @Nullable ScheduledExecutorService scheduler;
    private EngineInfo engine = new EngineInfo("unknown", "unknown", "unknown", 0, 0, "/var/lib/docker");
    private @Nullable Instant drainingSince;
    private @Nullable WorkerState lastState;

    FleetMembership(
            WorkerRegistry registry,
            ActiveAttempts active,
            IntakeGate gate,
            IntakeQueues queues,
            ContainerRuntime runtime,
            WorkerProperties properties,
            Clock clock) {
        this.registry = registry;
        this.active = active;
        this.gate = gate;
        this.queues = queues;
        this.properties = properties;
        this.clock = clock;
        this.pressure = new HostPressure(
                runtime,
                Path.of("/proc/meminfo"),
                HostPressure.engineIsLocal(System.getenv().getOrDefault("DOCKER_HOST", "")),
                properties.fleet().minFreeMemory(),
                properties.fleet().minFreeDisk());
        this.id = properties.workerId();
        this.host = hostName();
        this.startedAt = clock.instant();
    }

    @Override
    @SuppressWarnings("FutureReturnValueIgnored") // the heartbeat catches its own failures; stop() ends it
    public void start() {
        heartbeatQuietly(); // before the intake starts: a worker cordoned before it restarted stays cordoned
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("fleet").factory());
        long interval = properties.lease().heartbeatInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::heartbeatQuietly, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Reads the operator's wishes and reports now, instead of at the next heartbeat (a control signal came). */
    public void refreshNow() {
        ScheduledExecutorService current = scheduler;
        if (current != null) {
            current.execute(this::heartbeatQuietly);
        }
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        try {
            registry.report(
                    status(WorkerState.GONE, "shut down", clock.instant()),
                    properties.fleet().forgetAfter());
        } catch (RuntimeException e) {
            log.warn(
                    "Could not report this worker as gone ({}); it will be seen as gone when its lease runs out",
                    e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 50; // between the recovery loops (-100) and the job intake (default)
    }

    private void heartbeatQuietly() {
        try {
            heartbeat();
        } catch (RuntimeException e) {
            log.warn(
                    "Heartbeat failed ({}); taking no jobs until it succeeds; trying again in {}",
                    e.toString(),
                    properties.lease().heartbeatInterval());
        }
    }

    synchronized void heartbeat() {
        Instant now = clock.instant();
        WorkerAdmin admin;
        try {
            admin = registry.admin(id);
        } catch (RuntimeException e) {
            // Every heartbeat reads Redis first: one that cannot means no claim would succeed either,
            // and a slot would only hold a message another worker could run.
            gate.set(IntakeGate.Hold.REDIS, Optional.of("cannot reach Redis: " + e));
            throw e;
        }
        gate.set(IntakeGate.Hold.REDIS, Optional.empty());
        HostPressure.Reading reading = pressure.read();
        reading.engine().ifPresent(info -> engine = info);
        gate.set(
                IntakeGate.Hold.OPERATOR,
                admin == WorkerAdmin.SCHEDULABLE ? Optional.empty() : Optional.of(admin.name()));
        gate.set(IntakeGate.Hold.HOST, reading.problem());
        handBackWhenDrainTimesOut(admin, now);
        try {
            queues.useRoutes(satisfiedRoutes());
        } catch (RuntimeException e) {
            // The broker is away: the routes are looked at again next time; the report must still go out,
            // or the worker would look gone while only RabbitMQ is.
            log.warn("Could not update the constraint queues ({}); trying again at the next heartbeat", e.toString());
        }
        WorkerStateDecider.Reported reported = WorkerStateDecider.decide(
                admin,
                gate.reason(IntakeGate.Hold.SHUTDOWN).isPresent(),
                active.all().size(),
                reading.problem());
        if (reported.state() != lastState) {
            log.info(
                    "Worker {} is {}{}",
                    id,
                    reported.state(),
                    reported.reason() == null ? "" : ": " + reported.reason());
            lastState = reported.state();
        }
        registry.report(
                status(reported.state(), reported.reason(), now),
                properties.fleet().forgetAfter());
    }

    /** A drain lets running jobs finish within the drain timeout, then hands the rest back, as a shutdown does. */
    private void handBackWhenDrainTimesOut(WorkerAdmin admin, Instant now) {
        if (admin != WorkerAdmin.DRAINING) {
            drainingSince = null;
            return;
        }
        if (drainingSince == null) {
            drainingSince = now;
        }
        if (now.isAfter(drainingSince.plus(properties.drainTimeout()))) {
            for (RunningAttempt attempt : active.all()) {
                if (attempt.stopReason() == null) {
                    log.info(
                            "Drain timeout passed: handing job {} attempt {} back to the queue",
                            attempt.job(),
                            attempt.attempt());
                    attempt.requestStop(RunningAttempt.StopReason.HAND_BACK);
                }
            }
        }
    }

    /** The constraint routes of this worker's pools that its labels satisfy. */
    private Set<String> satisfiedRoutes() {
        Map<String, String> labels = labels();
        Set<String> satisfied = new HashSet<>();
        for (String pool : properties.pools()) {
            registry.routes(pool).forEach((route, constraints) -> {
                if (JobTopology.satisfies(labels, constraints)) {
                    satisfied.add(route);
                }
            });
        }
        return satisfied;
    }

    /** The Docker host's {@code arch} and {@code os}, and the configured labels (which may override them). */
    private Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("arch", engine.architecture());
        labels.put("os", engine.osType());
        labels.putAll(properties.labels());
        return labels;
    }

    private WorkerStatus status(WorkerState state, @Nullable String reason, Instant now) {
        List<JobId> running = active.all().stream().map(RunningAttempt::job).toList();
        return new WorkerStatus(
                id,
                host,
                properties.pools(),
                labels(),
                properties.slots(),
                running,
                state,
                reason,
                engine.version(),
                engine.cpus(),
                engine.memoryBytes(),
                startedAt,
                now,
                properties.lease().duration().toMillis());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return System.getenv().getOrDefault("HOSTNAME", "unknown");
        }
    }
}
