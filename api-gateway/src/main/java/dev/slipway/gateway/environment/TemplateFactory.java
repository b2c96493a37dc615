package dev.slipway.gateway.environment;

import dev.slipway.gateway.config.GatewayProperties;
import dev.slipway.gateway.job.PoolName;
import dev.slipway.gateway.job.ResourceLimits;
import dev.slipway.gateway.problem.FieldProblem;
import dev.slipway.gateway.problem.InvalidRequestException;
import dev.slipway.model.EnvironmentTemplate;
import dev.slipway.model.JobSpecRules;
import dev.slipway.model.JobTopology;
import dev.slipway.model.Resources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Turns a field-checked template request into a template: defaults, and the rules across fields. */
@Component
class TemplateFactory {

    static final List<String> DEFAULT_SHELL = List.of("/bin/sh");

    private final ResourceLimits limits;
    private final EnvironmentProperties environments;

    TemplateFactory(GatewayProperties gateway, EnvironmentProperties environments) {
        this.limits = ResourceLimits.of(gateway.jobs());
        this.environments = environments;
    }

    /** @param name the template's name, from the path or the body */
    EnvironmentTemplate create(String name, TemplateRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        if (!name.matches(PoolName.PATTERN)) {
            problems.add(new FieldProblem("name", PoolName.RULE));
        }
        Resources resources = limits.apply(request.resources(), "resources", problems);
        Duration maxTtl = request.maxTtl() == null ? environments.defaultMaxTtl() : request.maxTtl();
        Duration ttl = request.ttl() == null ? min(environments.defaultTtl(), maxTtl) : request.ttl();
        positive("maxTtl", maxTtl, problems);
        positive("ttl", ttl, problems);
        if (maxTtl.compareTo(environments.maxTtl()) > 0) {
            problems.add(new FieldProblem("maxTtl", "must be at most " + environments.maxTtl()));
        }
        if (ttl.compareTo(maxTtl) > 0) {
            problems.add(new FieldProblem("ttl", "must be at most maxTtl (" + maxTtl + ")"));
        }
        Duration idleStopAfter = request.idleStopAfter();
        if (idleStopAfter != null) {
            positive("idleStopAfter", idleStopAfter, problems);
        }
        if (request.workdir() != null) {
            JobSpecRules.workdirProblem(request.workdir())
                    .ifPresent(reason -> problems.add(new FieldProblem("workdir", reason)));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new EnvironmentTemplate(
                name,
                Objects.requireNonNull(request.image(), "image is validated as required"),
                request.description(),
                request.command(),
                request.env() == null ? Map.of() : request.env(),
                request.workdir(),
                request.user(),
                request.shell() == null ? DEFAULT_SHELL : request.shell(),
                resources,
                ttl,
                maxTtl,
                idleStopAfter,
                request.pool() == null ? JobTopology.DEFAULT_POOL : request.pool(),
                request.constraints() == null ? Map.of() : request.constraints());
    }

    private static void positive(String field, @Nullable Duration duration, List<FieldProblem> problems) {
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            problems.add(new FieldProblem(field, "must be a positive ISO-8601 duration, e.g. PT8H"));
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
