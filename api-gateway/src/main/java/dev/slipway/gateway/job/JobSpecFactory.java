package dev.slipway.gateway.job;

import dev.slipway.gateway.config.GatewayProperties;
import dev.slipway.gateway.config.GatewayProperties.JobLimits;
import dev.slipway.gateway.problem.FieldProblem;
import dev.slipway.gateway.problem.InvalidRequestException;
import dev.slipway.model.ArtifactGlob;
import dev.slipway.model.ArtifactSpec;
import dev.slipway.model.ArtifactWhen;
import dev.slipway.model.ImageBuildSpec;
import dev.slipway.model.JobSource;
import dev.slipway.model.JobSpec;
import dev.slipway.model.JobSpecRules;
import dev.slipway.model.JobTopology;
import dev.slipway.model.Resources;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Applies the configured defaults to a field-checked request and enforces the configured maxima. */
@Component
class JobSpecFactory {

    /** Where a job that keeps artifacts works when it names no directory, as GitLab's builds do. */
    static final String DEFAULT_WORKDIR = "/workspace";

    private static final Duration DEFAULT_ARTIFACT_LIFE = Duration.ofDays(7);
    private static final Duration MAX_ARTIFACT_LIFE = Duration.ofDays(365);

    private final Duration maxArtifactLife;

    private final JobLimits limits;

    JobSpecFactory(GatewayProperties properties) {
        this.limits = properties.jobs();
        // artifacts that outlived their job's record could no longer be reached: no longer than it
        this.maxArtifactLife =
                MAX_ARTIFACT_LIFE.compareTo(properties.retention()) < 0 ? MAX_ARTIFACT_LIFE : properties.retention();
    }

    JobSpec create(JobRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        Map<String, String> secrets = request.secrets() == null ? Map.of() : request.secrets();
        ImageBuildSpec build = request.buildsImage() ? ImageBuilds.spec(request, secrets.keySet(), problems) : null;
        if (!request.buildsImage()) {
            containerFields(request, problems);
        }
        JobSource source = Sources.of(request.source(), secrets.keySet(), problems);
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
        ArtifactSpec artifacts = artifacts(request.artifacts(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        // artifacts are read from the working directory, and sources unpacked into it: such a job has one
        String workdir = request.workdir() == null && (artifacts != null || source != null)
                ? DEFAULT_WORKDIR
                : request.workdir();
        if (source != null && "/".equals(workdir)) {
            throw new InvalidRequestException(List.of(new FieldProblem(
                    "workdir", "must be a directory below / when the job has a source, which is unpacked into it")));
        }
        String image = build != null
                ? build.tags().getFirst() // what the job makes, where a container job shows what it runs
                : Objects.requireNonNull(request.image(), "image is checked as required");
        return new JobSpec(
                image,
                request.script(),
                request.command(),
                request.env() == null ? Map.of() : request.env(),
                workdir,
                resources,
                timeoutSeconds,
                request.pool() == null ? JobTopology.DEFAULT_POOL : request.pool(),
                request.labels() == null ? Map.of() : request.labels(),
                maxAttempts,
                request.constraints() == null ? Map.of() : request.constraints(),
                secrets.keySet().stream().sorted().toList(),
                request.user(),
                queueTimeoutSeconds,
                request.network(),
                artifacts,
                source,
                build);
    }

    /** What a container job needs, and an image build must not have. */
    private static void containerFields(JobRequest request, List<FieldProblem> problems) {
        if (request.image() == null || request.image().isBlank()) {
            problems.add(new FieldProblem("image", "is required"));
        }
        if (request.script() == null && request.command() == null) {
            problems.add(new FieldProblem("script", "either script or command is required"));
        }
        if (request.script() != null && request.command() != null) {
            problems.add(new FieldProblem("command", "give either script or command, not both"));
        }
        ImageBuilds.notForContainers(request, problems);
    }

    /**
     * GitLab's defaults: kept on success, for {@link #DEFAULT_ARTIFACT_LIFE}; at most as long as the
     * job's record is kept, and a year.
     */
    private @Nullable ArtifactSpec artifacts(@Nullable ArtifactsRequest request, List<FieldProblem> problems) {
        if (request == null || request.paths() == null) {
            return null;
        }
        List<String> exclude = request.exclude() == null ? List.of() : request.exclude();
        check("artifacts.paths", request.paths(), problems);
        check("artifacts.exclude", exclude, problems);
        Duration life = DEFAULT_ARTIFACT_LIFE.compareTo(maxArtifactLife) < 0 ? DEFAULT_ARTIFACT_LIFE : maxArtifactLife;
        if (request.expireIn() != null) {
            try {
                life = Duration.parse(request.expireIn());
                if (life.toSeconds() < 1 || life.compareTo(maxArtifactLife) > 0) {
                    problems.add(new FieldProblem(
                            "artifacts.expireIn",
                            "must be at least a second and at most " + maxArtifactLife
                                    + " (the job records' retention, slipway.gateway.retention, and a year)"));
                }
            } catch (DateTimeParseException e) {
                problems.add(
                        new FieldProblem("artifacts.expireIn", "must be an ISO-8601 duration such as P7D or PT12H"));
            }
        }
        ArtifactWhen when = request.when() == null ? ArtifactWhen.ON_SUCCESS : ArtifactWhen.ofWire(request.when());
        return new ArtifactSpec(request.paths(), exclude, when, life.toSeconds());
    }

    private static void check(String field, List<String> globs, List<FieldProblem> problems) {
        for (int i = 0; i < globs.size(); i++) {
            String problem = ArtifactGlob.problemWith(globs.get(i));
            if (problem != null) {
                problems.add(new FieldProblem(field + "[" + i + "]", "is no pattern: " + problem));
            }
        }
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
