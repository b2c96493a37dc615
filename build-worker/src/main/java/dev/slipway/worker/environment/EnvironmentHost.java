package dev.slipway.worker.environment;

import dev.slipway.model.EnvironmentCommand;
import dev.slipway.model.EnvironmentId;
import dev.slipway.model.EnvironmentRecord;
import dev.slipway.model.EnvironmentState;
import dev.slipway.model.EnvironmentUpdate;
import dev.slipway.model.WorkerId;
import dev.slipway.worker.config.WorkerProperties;
import dev.slipway.worker.execution.ContainerRuntimeException;
import dev.slipway.worker.execution.ImageUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Brings this worker's environment containers in line with their records: makes, stops, starts,
 * restarts and removes them, and records what came of it. Every action reads the record first and
 * acts on what it says now, so a duplicate, late or lost prompt does no harm (the sweep repeats
 * what a lost one would have asked). Actions on one environment take turns; an exec runs beside them.
 */
@Component
public class EnvironmentHost {

    private static final Logger log = LoggerFactory.getLogger(EnvironmentHost.class);

    private final EnvironmentRuntime runtime;
    private final EnvironmentRecords records;
    private final WorkerProperties properties;
    private final EnvironmentSettings settings;
    private final JsonMapper json;
    private final Clock clock;
    private final WorkerId me;
    /** Actions on one environment take turns on its lock; an environment that ended gives its lock up. */
    private final ConcurrentHashMap<EnvironmentId, ReentrantLock> turns = new ConcurrentHashMap<>();

    private final Set<EnvironmentId> creating = ConcurrentHashMap.newKeySet();

    EnvironmentHost(
            EnvironmentRuntime runtime,
            EnvironmentRecords records,
            WorkerProperties properties,
            EnvironmentSettings settings,
            JsonMapper json,
            Clock clock) {
        this.runtime = runtime;
        this.records = records;
        this.properties = properties;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
        this.me = properties.workerId();
    }

    public WorkerId workerId() {
        return me;
    }

    /** Makes and starts the container of an environment this worker claimed (CREATING). */
    void create(EnvironmentId id) {
        if (!creating.add(id)) {
            return;
        }
        try {
            inTurn(id, () -> createInTurn(id));
        } finally {
            creating.remove(id);
        }
    }

    private void createInTurn(EnvironmentId id) {
        EnvironmentRecord environment = mine(id);
        if (environment == null || environment.state() != EnvironmentState.CREATING) {
            return;
        }
        if (environment.removeRequested()) {
            settleInTurn(environment);
            return;
        }
        String container = null;
        try {
            container = runtime.create(spec(environment), properties.pullTimeout());
            String made = container;
            record(id, current -> Optional.of(current.withContainer(made)));
            runtime.start(container);
        } catch (ImageUnavailableException | ContainerRuntimeException e) {
            log.warn("Environment {} could not be made: {}", id, e.getMessage());
            removeQuietly(container);
            fail(id, "could not make its container: " + e.getMessage());
            return;
        }
        String made = container;
        EnvironmentUpdate update = record(
                id,
                current -> current.state() == EnvironmentState.CREATING && !current.removeRequested()
                        ? Optional.of(current.withContainer(made)
                                .withState(EnvironmentState.RUNNING, now())
                                .activeAt(now())) // a long wait for room or a pull is not idleness
                        : Optional.empty());
        if (update instanceof EnvironmentUpdate.Applied) {
            log.info("Environment {} of {} runs in container {}", id, environment.owner(), shortId(made));
        } else if (update instanceof EnvironmentUpdate.Declined declined) {
            // deleted or expired meanwhile: what the record says now is done with this container
            settleInTurn(
                    declined.environment().containerId() == null
                            ? declined.environment().withContainer(made)
                            : declined.environment());
        } else {
            removeQuietly(made); // its record is gone
        }
    }

    /** Does what the record waits for: a stop, a start or restart, a removal. */
    void settle(EnvironmentId id) {
        inTurn(id, () -> {
            EnvironmentRecord environment = mine(id);
            if (environment != null) {
                settleInTurn(environment);
            }
        });
    }

    private void settleInTurn(EnvironmentRecord environment) {
        EnvironmentId id = environment.id();
        String container = environment.containerId();
        try {
            if (environment.state().isTerminal()) {
                removeQuietly(container);
                return;
            }
            if (environment.removeRequested()) {
                if (container != null) {
                    runtime.remove(container);
                }
                end(id, EnvironmentState.REMOVED, null);
                log.info("Environment {} removed on request", id);
                return;
            }
            switch (environment.state()) {
                case STOPPING -> {
                    runtime.stop(required(container), properties.stopGracePeriod());
                    moveFrom(id, EnvironmentState.STOPPING, EnvironmentState.STOPPED, null);
                }
                case STARTING -> {
                    ContainerStatus status = runtime.inspect(required(container));
                    switch (status.state()) {
                        case RUNNING -> runtime.restart(required(container), properties.stopGracePeriod());
                        case EXITED -> runtime.start(required(container));
                        case MISSING -> throw new ContainerGoneException(required(container), null);
                    }
                    moveFrom(id, EnvironmentState.STARTING, EnvironmentState.RUNNING, null);
                }
                default -> {
                    // RUNNING, STOPPED, LOST, CREATING: nothing waits; the sweep checks them
                }
            }
        } catch (ContainerGoneException e) {
            fail(id, "its container is gone from worker " + me);
        } catch (ContainerRuntimeException e) {
            log.warn("Environment {} not settled ({}); the sweep tries again", id, e.getMessage());
        }
    }

    /** Removes the container of an environment whose lifetime ran out, and records it EXPIRED. */
    void expire(EnvironmentRecord environment) {
        inTurn(environment.id(), () -> {
            EnvironmentRecord current = mine(environment.id());
            if (current == null
                    || current.state().isTerminal()
                    || current.expiresAt().isAfter(clock.instant())) {
                return;
            }
            try {
                if (current.containerId() != null) {
                    runtime.remove(current.containerId());
                }
            } catch (ContainerRuntimeException e) {
                log.warn(
                        "Expired environment {} not removed yet ({}); the sweep tries again",
                        current.id(),
                        e.getMessage());
                return;
            }
            end(current.id(), EnvironmentState.EXPIRED, null);
            log.info("Environment {} expired at {}; its container was removed", current.id(), current.expiresAt());
        });
    }

    /** Stops a running environment nobody used for its template's {@code idleStopAfter}; its files stay. */
    void stopIdle(EnvironmentRecord environment) {
        inTurn(environment.id(), () -> {
            EnvironmentUpdate update = record(environment.id(), current -> {
                Instant idleAt = current.idleStopAt();
                return current.state() == EnvironmentState.RUNNING && idleAt != null && !idleAt.isAfter(now())
                        ? Optional.of(current.withState(EnvironmentState.STOPPING, now())
                                .withError("stopped after " + current.template().idleStopAfter() + " without use"))
                        : Optional.empty();
            });
            if (update instanceof EnvironmentUpdate.Applied applied) {
                log.info(
                        "Environment {} was idle since {}: stopping it",
                        environment.id(),
                        environment.lastActivityAt());
                settleInTurn(applied.environment());
            }
        });
    }

    /**
     * Compares a hosted environment's record with its container: one LOST comes back RUNNING or
     * STOPPED as its container is; a RUNNING one whose container exited is STOPPED; one whose
     * container is gone FAILED; a running one's health is kept up to date.
     */
    void check(EnvironmentRecord environment) {
        inTurn(environment.id(), () -> {
            EnvironmentRecord current = mine(environment.id());
            if (current == null) {
                return;
            }
            EnvironmentState state = current.state();
            if (state != EnvironmentState.RUNNING
                    && state != EnvironmentState.STOPPED
                    && state != EnvironmentState.LOST) {
                return;
            }
            try {
                String container = current.containerId();
                if (container == null) {
                    // Lost while it was being made: its container, if made, carries its label.
                    container = adopt(current);
                    if (container == null) {
                        return;
                    }
                }
                compare(current, container, runtime.inspect(container));
            } catch (ContainerRuntimeException e) {
                log.warn("Could not check environment {} ({}); checking again later", current.id(), e.getMessage());
            }
        });
    }

    /**
     * The container of an environment whose record never got its id (its worker died making it),
     * found by its label and recorded; null when there is none, and the environment is FAILED.
     */
    private @Nullable String adopt(EnvironmentRecord environment) {
        String label = environment.id().value();
        String found = runtime.environmentContainers().stream()
                .filter(container ->
                        container.environmentId().equals(label) && me.value().equals(container.worker()))
                .map(EnvironmentContainer::id)
                .findFirst()
                .orElse(null);
        if (found == null) {
            fail(environment.id(), "its worker went away before making its container");
            return null;
        }
        record(environment.id(), current -> Optional.of(current.withContainer(found)));
        return found;
    }

    private void compare(EnvironmentRecord current, String container, ContainerStatus status) {
        EnvironmentState state = current.state();
        switch (status.state()) {
            case MISSING -> fail(current.id(), "its container is gone from worker " + me);
            case EXITED -> {
                if (state == EnvironmentState.LOST) {
                    moveFrom(current.id(), EnvironmentState.LOST, EnvironmentState.STOPPED, "its worker came back");
                } else if (state == EnvironmentState.RUNNING) {
                    String why = "its container exited"
                            + (status.exitCode() == null ? "" : " with code " + status.exitCode());
                    moveFrom(current.id(), EnvironmentState.RUNNING, EnvironmentState.STOPPING, why);
                    moveFrom(current.id(), EnvironmentState.STOPPING, EnvironmentState.STOPPED, why);
                }
            }
            case RUNNING -> {
                if (state == EnvironmentState.LOST) {
                    // its idle time counts from its return, not from before the worker went away
                    record(
                            current.id(),
                            now -> now.state() == EnvironmentState.LOST
                                    ? Optional.of(now.withState(EnvironmentState.RUNNING, now())
                                            .withError("its worker came back")
                                            .activeAt(now()))
                                    : Optional.empty());
                } else if (state == EnvironmentState.STOPPED) {
                    runtime.stop(container, properties.stopGracePeriod()); // started behind our back
                }
                String health = healthOf(status);
                record(
                        current.id(),
                        now -> now.state() == EnvironmentState.RUNNING && !Objects.equals(now.health(), health)
                                ? Optional.of(now.withHealth(health))
                                : Optional.empty());
            }
        }
    }

    /** Runs an exec and answers it, whatever came of it; beside, not in turn with, the other actions. */
    void exec(EnvironmentCommand.Exec exec) {
        EnvironmentCommand.ExecReply reply;
        EnvironmentRecord environment = mine(exec.environmentId());
        if (environment == null
                || environment.state() != EnvironmentState.RUNNING
                || environment.containerId() == null) {
            reply = failed("the environment is "
                    + (environment == null
                            ? "not hosted by worker " + me
                            : environment.state().name()));
        } else {
            try {
                ExecResult result = runtime.exec(
                        environment.containerId(), exec.command(), Duration.ofSeconds(exec.timeoutSeconds()), (int)
                                settings.execOutputCap().toBytes());
                reply = switch (result) {
                    case ExecResult.Exited exited ->
                        new EnvironmentCommand.ExecReply(
                                exited.exitCode(),
                                exited.stdout().text(),
                                exited.stderr().text(),
                                exited.stdout().truncated() || exited.stderr().truncated(),
                                false,
                                null);
                    case ExecResult.TimedOut timedOut ->
                        new EnvironmentCommand.ExecReply(
                                null,
                                timedOut.stdout().text(),
                                timedOut.stderr().text(),
                                timedOut.stdout().truncated()
                                        || timedOut.stderr().truncated(),
                                true,
                                timedOut.killed()
                                        ? "killed after " + exec.timeoutSeconds() + " s"
                                        : "still running after " + exec.timeoutSeconds()
                                                + " s and could not be killed");
                };
            } catch (ContainerRuntimeException e) {
                reply = failed("could not run: " + e.getMessage());
            }
        }
        records.reply(exec.replyKey(), json.writeValueAsString(reply));
    }

    private static EnvironmentCommand.ExecReply failed(String why) {
        return new EnvironmentCommand.ExecReply(null, "", "", false, false, why);
    }

    private EnvironmentContainerSpec spec(EnvironmentRecord environment) {
        return new EnvironmentContainerSpec(
                environment.id().value(),
                environment.owner(),
                me,
                environment.template(),
                properties.capabilities(),
                properties.jobs().network());
    }

    /** The record, if this worker hosts it. */
    private @Nullable EnvironmentRecord mine(EnvironmentId id) {
        return records.find(id).filter(found -> me.equals(found.workerId())).orElse(null);
    }

    private void moveFrom(EnvironmentId id, EnvironmentState from, EnvironmentState to, @Nullable String note) {
        record(
                id,
                current -> current.state() == from
                        ? Optional.of(
                                note == null
                                        ? current.withState(to, now())
                                        : current.withState(to, now()).withError(note))
                        : Optional.empty());
    }

    private void end(EnvironmentId id, EnvironmentState state, @Nullable String error) {
        record(id, current -> Optional.of(current.withState(state, now()).withError(error)));
        turns.remove(id); // a later action finds it over and does nothing, under a new lock
    }

    private void fail(EnvironmentId id, String why) {
        log.warn("Environment {} FAILED: {}", id, why);
        end(id, EnvironmentState.FAILED, why);
    }

    private EnvironmentUpdate record(
            EnvironmentId id, Function<EnvironmentRecord, Optional<EnvironmentRecord>> decide) {
        return records.update(id, decide);
    }

    private void removeQuietly(@Nullable String container) {
        if (container == null) {
            return;
        }
        try {
            runtime.remove(container);
        } catch (ContainerRuntimeException e) {
            log.warn(
                    "Could not remove container {} ({}); the sweep removes it later",
                    shortId(container),
                    e.getMessage());
        }
    }

    private static String required(@Nullable String container) {
        if (container == null) {
            throw new ContainerGoneException("(none)", null);
        }
        return container;
    }

    private static @Nullable String healthOf(ContainerStatus status) {
        return switch (status.health()) {
            case NONE -> null;
            case STARTING -> "starting";
            case HEALTHY -> "healthy";
            case UNHEALTHY -> "unhealthy";
        };
    }

    private void inTurn(EnvironmentId id, Runnable action) {
        ReentrantLock turn = turns.computeIfAbsent(id, key -> new ReentrantLock());
        turn.lock();
        try {
            action.run();
        } finally {
            turn.unlock();
        }
    }

    /** Whether this worker is making the environment's container now (pulling its image, perhaps). */
    boolean isCreating(EnvironmentId id) {
        return creating.contains(id);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String shortId(String container) {
        return container.substring(0, Math.min(12, container.length()));
    }
}
