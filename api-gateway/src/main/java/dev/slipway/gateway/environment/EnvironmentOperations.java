package dev.slipway.gateway.environment;

import dev.slipway.gateway.fleet.Placement;
import dev.slipway.gateway.identity.Caller;
import dev.slipway.gateway.identity.CallerLookup;
import dev.slipway.gateway.problem.ConflictException;
import dev.slipway.gateway.problem.FieldProblem;
import dev.slipway.gateway.problem.InvalidRequestException;
import dev.slipway.gateway.problem.NoAnswerException;
import dev.slipway.gateway.problem.NotFoundException;
import dev.slipway.gateway.problem.UnprocessableException;
import dev.slipway.messaging.BrokerUnavailableException;
import dev.slipway.model.EnvironmentCommand;
import dev.slipway.model.EnvironmentId;
import dev.slipway.model.EnvironmentQuota;
import dev.slipway.model.EnvironmentRecord;
import dev.slipway.model.EnvironmentState;
import dev.slipway.model.EnvironmentTemplate;
import dev.slipway.model.EnvironmentUpdate;
import dev.slipway.model.QuotaExceeded;
import dev.slipway.model.RedisKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What users ask of environments, decided on the record: each operation is one compare-and-set on
 * it (so a worker's concurrent change is never lost), then a prompt to the worker that acts. A
 * prompt the broker did not confirm is not an error once the record changed: the hosting worker's
 * sweep settles every record that waits for it.
 */
@Component
record EnvironmentOperations(
        TemplateStore templates,
        EnvironmentStore store,
        EnvironmentCommands commands,
        Placement placement,
        CallerLookup callers,
        JsonMapper json,
        Clock clock) {

    private static final Logger log = LoggerFactory.getLogger(EnvironmentOperations.class);
    /** How much longer than the command's own timeout an exec waits for the worker's answer. */
    private static final Duration EXEC_PATIENCE = Duration.ofSeconds(15);

    EnvironmentRecord create(Caller caller, EnvironmentRequest request) {
        String name = java.util.Objects.requireNonNull(request.template());
        EnvironmentTemplate template = templates
                .find(name)
                .orElseThrow(() -> new UnprocessableException(
                        "unknown-template",
                        "Unknown template",
                        new FieldProblem("template", "there is no template named '" + name + "'")))
                .template();
        Duration ttl = request.ttl() == null ? template.ttl() : request.ttl();
        checkTtl(ttl, template.maxTtl());
        placement.place(template.pool(), template.constraints());
        Instant now = now();
        EnvironmentId id = EnvironmentIds.next();
        String ownName = request.name() == null || request.name().isBlank()
                ? template.name() + "-" + id.value().substring(id.value().length() - 6)
                : request.name();
        EnvironmentRecord environment = new EnvironmentRecord(
                id,
                ownName,
                caller.name(),
                template,
                EnvironmentState.PENDING,
                null,
                null,
                now,
                now,
                now.plus(ttl),
                now,
                null,
                false,
                null);
        store.create(environment, quota(caller.limits())).ifPresent(exceeded -> {
            throw quotaExceeded(exceeded);
        });
        try {
            commands.create(environment);
        } catch (BrokerUnavailableException e) {
            // Failed rather than left PENDING: it would hold quota while no worker may ever hear of it.
            store.update(
                    id,
                    current -> current.state() == EnvironmentState.PENDING
                            ? Optional.of(current.withState(EnvironmentState.FAILED, now())
                                    .withError("not queued: the broker did not confirm the create"))
                            : Optional.empty(),
                    null);
            throw new EnvironmentNotQueuedException(id, true, e);
        }
        return environment;
    }

    /** Stops a running environment, keeping its files. */
    EnvironmentRecord stop(EnvironmentRecord environment) {
        EnvironmentRecord changed = change(environment, null, current -> switch (current.state()) {
            case RUNNING -> Optional.of(current.withState(EnvironmentState.STOPPING, now()));
            case STOPPING -> Optional.empty();
            default -> throw wrongState(current, "stopped", "RUNNING");
        });
        return prompted(changed, EnvironmentState.STOPPING);
    }

    /** Starts a stopped environment, if its owner's quota has room for it to run. */
    EnvironmentRecord start(EnvironmentRecord environment, Caller caller) {
        Caller.Limits limits =
                caller.name().equals(environment.owner()) ? caller.limits() : callers.limitsOf(environment.owner());
        EnvironmentRecord changed = change(environment, quota(limits), current -> switch (current.state()) {
            case STOPPED ->
                Optional.of(current.withState(EnvironmentState.STARTING, now()).activeAt(now()));
            case STARTING -> Optional.empty();
            default -> throw wrongState(current, "started", "STOPPED");
        });
        return prompted(changed, EnvironmentState.STARTING);
    }

    /** Stops and starts a running environment's container again, its files kept. */
    EnvironmentRecord restart(EnvironmentRecord environment) {
        EnvironmentRecord changed = change(environment, null, current -> switch (current.state()) {
            case RUNNING ->
                Optional.of(current.withState(EnvironmentState.STARTING, now()).activeAt(now()));
            default -> throw wrongState(current, "restarted", "RUNNING");
        });
        return prompted(changed, EnvironmentState.STARTING);
    }

    /**
     * Removes the environment and its container. One that no worker holds (not yet placed, or its
     * worker lost) is REMOVED at once: a worker that comes back removes the container of a
     * REMOVED record. Otherwise the hosting worker removes the container, then the record says REMOVED.
     */
    EnvironmentRecord delete(EnvironmentRecord environment) {
        EnvironmentRecord changed = change(environment, null, current -> {
            if (current.state() == EnvironmentState.PENDING || current.state() == EnvironmentState.LOST) {
                return Optional.of(current.withState(EnvironmentState.REMOVED, now()));
            }
            return current.removeRequested() ? Optional.empty() : Optional.of(current.removalRequested());
        });
        if (!changed.state().isTerminal()) {
            settleQuietly(changed);
        }
        return changed;
    }

    /**
     * Sets a new lifetime from now, within the template's {@code maxTtl} counted from the
     * environment's creation.
     */
    EnvironmentRecord extend(EnvironmentRecord environment, Duration ttl) {
        Instant now = now();
        Instant latest = environment.createdAt().plus(environment.template().maxTtl());
        if (ttl.isNegative() || ttl.isZero()) {
            throw invalidTtl("must be a positive ISO-8601 duration, e.g. PT4H");
        }
        Duration room = Duration.between(now, latest);
        if (ttl.compareTo(room) > 0) { // compared before adding: a huge ttl would overflow an instant
            throw invalidTtl("must end by " + latest + " (the template's maxTtl "
                    + environment.template().maxTtl() + " from creation): at most "
                    + (room.isNegative() ? Duration.ZERO : room.truncatedTo(ChronoUnit.SECONDS)) + " from now");
        }
        return change(environment, null, current -> {
            if (!current.expiresAt().isAfter(now)) {
                // its worker may be removing it now: a new lifetime would be a promise not kept
                throw new ConflictException(
                        "environment-expired",
                        "Environment expired",
                        "Environment '" + current.id() + "' expired at " + current.expiresAt()
                                + "; it is being removed.",
                        Map.of("state", current.state().name()));
            }
            return Optional.of(current.expiringAt(now.plus(ttl)));
        });
    }

    /** Runs a command in a running environment and waits for what it printed. */
    EnvironmentCommand.ExecReply exec(EnvironmentRecord environment, List<String> command, int timeoutSeconds) {
        EnvironmentRecord running = change(environment, null, current -> switch (current.state()) {
            case RUNNING -> Optional.of(current.activeAt(now()));
            default -> throw wrongState(current, "used", "RUNNING");
        });
        String replyKey = RedisKeys.execReply(UUID.randomUUID().toString());
        try {
            commands.exec(running, new EnvironmentCommand.Exec(running.id(), command, timeoutSeconds, replyKey));
        } catch (BrokerUnavailableException e) {
            throw new EnvironmentNotQueuedException(running.id(), false, e);
        }
        Duration patience = Duration.ofSeconds(timeoutSeconds).plus(EXEC_PATIENCE);
        String reply = store.awaitReply(replyKey, patience)
                .orElseThrow(() -> new NoAnswerException(
                        "exec-no-answer",
                        "No answer from the worker",
                        "Worker " + running.workerId() + " did not answer within " + patience.toSeconds()
                                + " s; the command may still run."));
        return json.readValue(reply, EnvironmentCommand.ExecReply.class);
    }

    private EnvironmentRecord prompted(EnvironmentRecord changed, EnvironmentState asked) {
        if (changed.state() == asked) {
            settleQuietly(changed);
        }
        return changed;
    }

    private void settleQuietly(EnvironmentRecord environment) {
        if (environment.workerId() == null) {
            return; // not placed yet: the worker that creates it reads the record as it is then
        }
        try {
            commands.settle(environment);
        } catch (BrokerUnavailableException e) {
            log.warn(
                    "The prompt for environment {} was not confirmed ({}); its worker's sweep will settle it",
                    environment.id(),
                    e.getMessage());
        }
    }

    /** Applies one decision; a terminal environment, or a wrong state the decision refused, is a 409. */
    private EnvironmentRecord change(
            EnvironmentRecord environment,
            @Nullable EnvironmentQuota quota,
            Function<EnvironmentRecord, Optional<EnvironmentRecord>> decide) {
        EnvironmentUpdate update = store.update(environment.id(), decide, quota);
        return switch (update) {
            case EnvironmentUpdate.Applied applied -> applied.environment();
            case EnvironmentUpdate.Declined declined -> {
                if (declined.environment().state().isTerminal()) {
                    throw wrongState(declined.environment(), "changed", "not ended");
                }
                yield declined.environment();
            }
            case EnvironmentUpdate.Missing missing ->
                throw NotFoundException.environment(environment.id().value());
            case EnvironmentUpdate.OverQuota over -> throw quotaExceeded(over.exceeded());
            case EnvironmentUpdate.Contended contended ->
                throw new ConflictException(
                        "environment-busy",
                        "Environment busy",
                        "Environment '" + environment.id() + "' kept changing while this was decided; retry.",
                        Map.of("state", contended.environment().state().name()));
        };
    }

    static EnvironmentQuota quota(Caller.Limits limits) {
        return new EnvironmentQuota(
                limits.maxEnvironments(), limits.maxEnvironmentCpus(), limits.maxEnvironmentMemoryMb());
    }

    private static void checkTtl(Duration ttl, Duration maxTtl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw invalidTtl("must be a positive ISO-8601 duration, e.g. PT4H");
        }
        if (ttl.compareTo(maxTtl) > 0) {
            throw invalidTtl("must be at most the template's maxTtl, " + maxTtl);
        }
    }

    private static InvalidRequestException invalidTtl(String reason) {
        return new InvalidRequestException(List.of(new FieldProblem("ttl", reason)));
    }

    static ConflictException quotaExceeded(QuotaExceeded exceeded) {
        return new ConflictException(
                "quota-exceeded",
                "Quota exceeded",
                exceeded.limit() + ": your environments would hold more than your quota of " + number(exceeded.max())
                        + " (they hold " + number(exceeded.usage()) + " now); stop or delete one first.",
                Map.of("limit", exceeded.limit(), "max", exceeded.max(), "current", exceeded.usage()));
    }

    private static ConflictException wrongState(EnvironmentRecord environment, String verb, String wanted) {
        return new ConflictException(
                "environment-state",
                "Wrong environment state",
                "Environment '" + environment.id() + "' is " + environment.state() + "; it can be " + verb
                        + " only when " + wanted + ".",
                Map.of("state", environment.state().name()));
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
