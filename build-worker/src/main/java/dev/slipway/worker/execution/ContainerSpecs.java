package dev.slipway.worker.execution;

import dev.slipway.model.JobId;
import dev.slipway.model.JobSpec;
import dev.slipway.model.WorkerId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Turns a job spec into the container that runs one attempt of it. */
public final class ContainerSpecs {

    public static final String JOB_LABEL = "slipway.job";
    public static final String ATTEMPT_LABEL = "slipway.attempt";
    public static final String WORKER_LABEL = "slipway.worker";

    private ContainerSpecs() {}

    /**
     * @param secrets the job's secret values by name, added to its environment
     * @param defaultUser the user to run as when the job names none; the image's when null
     * @param jobNetwork the worker's job network, for a job that does not ask for none
     */
    static ContainerSpec forAttempt(
            JobId job,
            int attempt,
            JobSpec spec,
            Map<String, String> secrets,
            WorkerId worker,
            List<String> capabilities,
            @Nullable String defaultUser,
            @Nullable String jobNetwork) {
        Map<String, String> labels = new HashMap<>();
        // The job's own labels are constraints and metadata; ours win on a clash so the reaper can trust them.
        spec.labels().forEach((key, value) -> labels.put("slipway.user." + key, value));
        labels.put(JOB_LABEL, job.value());
        labels.put(ATTEMPT_LABEL, String.valueOf(attempt));
        labels.put(WORKER_LABEL, worker.value());
        List<String> entrypoint = null;
        List<String> command = spec.command();
        if (spec.script() != null) {
            // sh -e: the first failing line fails the job, as in GitLab CI and Buildkite scripts.
            entrypoint = List.of("sh", "-e", "-c", String.join("\n", spec.script()));
            command = null;
        }
        Map<String, String> env = new HashMap<>(spec.env());
        env.putAll(secrets);
        return new ContainerSpec(
                spec.image(),
                entrypoint,
                command,
                env,
                spec.workdir(),
                spec.resources(),
                labels,
                capabilities,
                spec.user() != null ? spec.user() : defaultUser,
                spec.network() != null ? spec.network() : jobNetwork);
    }
}
