package dev.slipway.worker.execution;

import dev.slipway.model.GitSource;
import dev.slipway.model.JobSource;
import dev.slipway.model.JobSpec;
import dev.slipway.model.JobSpecRules;
import dev.slipway.model.Resources;
import dev.slipway.worker.config.WorkerProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * This worker's own check of a job before it makes a container of it. The gateway checks the same
 * limits, but the queue is not a trust boundary: a message from an older or misconfigured gateway,
 * or put on the queue by hand, must not get an unlimited or escaping container.
 */
record SpecCheck(WorkerProperties.Jobs limits) {

    /** @throws JobRefusedException naming every limit the job breaks */
    void check(JobSpec spec) {
        List<String> problems = new ArrayList<>();
        Resources resources = spec.resources();
        if (!(resources.cpus() >= JobSpecRules.MIN_CPUS) || resources.cpus() > limits.maxCpus()) {
            problems.add("resources.cpus " + resources.cpus() + " is outside " + JobSpecRules.MIN_CPUS + ".."
                    + limits.maxCpus());
        }
        if (resources.memoryMb() < 6 || resources.memoryMb() > limits.maxMemoryMb()) {
            problems.add("resources.memoryMb " + resources.memoryMb() + " is outside 6.." + limits.maxMemoryMb());
        }
        if (resources.pidsLimit() < 1 || resources.pidsLimit() > limits.maxPidsLimit()) {
            problems.add("resources.pidsLimit " + resources.pidsLimit() + " is outside 1.." + limits.maxPidsLimit());
        }
        if (spec.workdir() != null) {
            JobSpecRules.workdirProblem(spec.workdir()).ifPresent(reason -> problems.add("workdir " + reason));
        }
        JobSource source = spec.source();
        GitSource git = source == null ? null : source.git();
        if (git != null) {
            // the queue is no trust boundary: a message the gateway never checked must not reach the worker's disk
            JobSpecRules.gitUrlProblem(git.url(), git.passwordSecret() != null)
                    .ifPresent(reason -> problems.add("source.git.url " + reason));
        }
        if (spec.user() != null) {
            JobSpecRules.userProblem(spec.user()).ifPresent(reason -> problems.add("user " + reason));
        }
        if (spec.script() != null && JobSpecRules.scriptBytes(spec.script()) > JobSpecRules.MAX_ARGUMENT_BYTES) {
            problems.add("the script is over " + JobSpecRules.MAX_ARGUMENT_BYTES + " bytes");
        }
        for (Map.Entry<String, String> variable : spec.env().entrySet()) {
            if (JobSpecRules.environmentEntryBytes(variable.getKey(), variable.getValue())
                    > JobSpecRules.MAX_ARGUMENT_BYTES) {
                problems.add("env." + variable.getKey() + " is over " + JobSpecRules.MAX_ARGUMENT_BYTES + " bytes");
            }
        }
        if (!problems.isEmpty()) {
            throw new JobRefusedException("this worker refuses the job: " + String.join("; ", problems));
        }
    }
}
