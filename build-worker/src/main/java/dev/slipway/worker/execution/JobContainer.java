package dev.slipway.worker.execution;

import dev.slipway.model.JobId;
import java.util.Map;
import java.util.Optional;

/** A container on this host that some worker created for a job attempt, as its labels say. */
public record JobContainer(String id, JobId job, int attempt, String worker) {

    /** Empty when the labels are not those of a job container (or were tampered with). */
    public static Optional<JobContainer> fromLabels(String id, Map<String, String> labels) {
        String job = labels.get(ContainerSpecs.JOB_LABEL);
        String attempt = labels.get(ContainerSpecs.ATTEMPT_LABEL);
        String worker = labels.get(ContainerSpecs.WORKER_LABEL);
        if (job == null
                || !JobId.isWellFormed(job)
                || attempt == null
                || !attempt.matches("\\d{1,9}")
                || worker == null) {
            return Optional.empty();
        }
        return Optional.of(new JobContainer(id, JobId.of(job), Integer.parseInt(attempt), worker));
    }
}
