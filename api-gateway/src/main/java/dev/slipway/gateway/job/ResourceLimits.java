package dev.slipway.gateway.job;

import dev.slipway.gateway.config.GatewayProperties.JobLimits;
import dev.slipway.gateway.config.GatewayProperties.ResourceValues;
import dev.slipway.gateway.problem.FieldProblem;
import dev.slipway.model.Resources;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The configured default and maximum of each container limit, applied to what a job or a template
 * asks for (each value optional).
 */
public record ResourceLimits(ResourceValues defaults, ResourceValues max) {

    public static ResourceLimits of(JobLimits limits) {
        return new ResourceLimits(limits.defaultResources(), limits.maxResources());
    }

    /**
     * The limits asked for, with the defaults filled in; one over its maximum adds a problem naming
     * {@code field}{@code .cpus} (or {@code .memoryMb}, {@code .pidsLimit}).
     */
    public Resources apply(@Nullable ResourcesRequest requested, String field, List<FieldProblem> problems) {
        double cpus = requested == null || requested.cpus() == null ? defaults.cpus() : requested.cpus();
        long memoryMb = requested == null || requested.memoryMb() == null ? defaults.memoryMb() : requested.memoryMb();
        long pidsLimit =
                requested == null || requested.pidsLimit() == null ? defaults.pidsLimit() : requested.pidsLimit();
        if (cpus > max.cpus()) {
            problems.add(new FieldProblem(field + ".cpus", "must be at most " + max.cpus()));
        }
        if (memoryMb > max.memoryMb()) {
            problems.add(new FieldProblem(field + ".memoryMb", "must be at most " + max.memoryMb()));
        }
        if (pidsLimit > max.pidsLimit()) {
            problems.add(new FieldProblem(field + ".pidsLimit", "must be at most " + max.pidsLimit()));
        }
        return new Resources(cpus, memoryMb, pidsLimit);
    }
}
