package dev.slipway.gateway.job;

import dev.slipway.gateway.config.GatewayProperties;
import dev.slipway.gateway.config.GatewayProperties.JobLimits;
import dev.slipway.gateway.problem.FieldProblem;
import dev.slipway.gateway.problem.InvalidRequestException;
import dev.slipway.model.JobSpec;
import dev.slipway.model.JobSpecRules;
import dev.slipway.model.JobTopology;
import dev.slipway.model.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/** Applies the configured defaults to a field-checked request and enforces the configured maxima. */
@Component
class JobSpecFactory {

    private final JobLimits limits;

    JobSpecFactory(GatewayProperties properties) {
        this.limits = properties.jobs();
    }

    JobSpec create(JobRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        if (request.script() == null && request.command() == null) {
            problems.add(new FieldProblem("script", "either script or command is required"));
        }
        if (request.script() != null && request.command() != null) {
            problems.add(new FieldProblem("command", "give either script or command, not both"));
        }
        Resources resources = ResourceLimits.of(limits).apply(request.resources(), "resources", problems);
        long timeoutSeconds =
                request.timeoutSeconds() == null ? limits.defaultTimeout().toSeconds() : request.timeoutSeconds();
        if (timeoutSeconds > limits.maxTimeout().toSeconds()) {
            problems.add(new FieldProblem(
                    "timeoutSeconds", "must be at most " + limits.maxTimeout().toSeconds()));
        }
        long queueTimeoutSeconds = request.queueTimeoutSeconds() == null
                ? limits.defaultQueueTimeout().toSeconds()
                : request.queueTimeoutSeconds();
        if (queueTimeoutSeconds > limits.maxQueueTimeout().toSeconds()) {
            problems.add(new FieldProblem(
                    "queueTimeoutSeconds",
                    "must be at most " + limits.maxQueueTimeout().toSeconds()));
        }
        int maxAttempts = request.maxAttempts() == null ? limits.defaultMaxAttempts() : request.maxAttempts();
        if (maxAttempts > limits.maxMaxAttempts()) {
            problems.add(new FieldProblem("maxAttempts", "must be at most " + limits.maxMaxAttempts()));
        }
        Map<String, String> secrets = request.secrets() == null ? Map.of() : request.secrets();
        if (request.env() != null) {
            request.env().keySet().stream()
                    .filter(secrets::containsKey)
                    .sorted()
                    .forEach(name -> problems.add(new FieldProblem("secrets." + name, "is also in env: give it once")));
        }
        if (request.workdir() != null) {
            JobSpecRules.workdirProblem(request.workdir())
                    .ifPresent(reason -> problems.add(new FieldProblem("workdir", reason)));
        }
        argumentSizes(request, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new JobSpec(
                Objects.requireNonNull(request.image(), "image is validated as required"),
                request.script(),
                request.command(),
                request.env() == null ? Map.of() : request.env(),
                request.workdir(),
                resources,
                timeoutSeconds,
                request.pool() == null ? JobTopology.DEFAULT_POOL : request.pool(),
                request.labels() == null ? Map.of() : request.labels(),
                maxAttempts,
                request.constraints() == null ? Map.of() : request.constraints(),
                secrets.keySet().stream().sorted().toList(),
                request.user(),
                queueTimeoutSeconds,
                request.network());
    }

    /**
     * The kernel refuses to start a process with an argument or environment entry over 128 KiB, so
     * such a job could never run: refuse it now rather than let every attempt fail.
     */
    private static void argumentSizes(JobRequest request, List<FieldProblem> problems) {
        int max = JobSpecRules.MAX_ARGUMENT_BYTES;
        if (request.script() != null && JobSpecRules.scriptBytes(request.script()) > max) {
            problems.add(new FieldProblem(
                    "script",
                    "is " + JobSpecRules.scriptBytes(request.script()) + " bytes with its newlines; at most " + max
                            + " fit in one argument (put a longer script in the image or the sources)"));
        }
        if (request.command() != null) {
            for (int i = 0; i < request.command().size(); i++) {
                if (JobSpecRules.argumentBytes(request.command().get(i)) > max) {
                    problems.add(new FieldProblem("command[" + i + "]", "must be at most " + max + " bytes"));
                }
            }
        }
        if (request.env() != null) {
            request.env().forEach((name, value) -> {
                if (JobSpecRules.environmentEntryBytes(name, value) > max) {
                    problems.add(new FieldProblem("env." + name, "must be at most " + max + " bytes with its name"));
                }
            });
        }
    }
}
