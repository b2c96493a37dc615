package dev.slipway.worker.recovery;

import dev.slipway.model.JobRecord;
import dev.slipway.model.JobState;
import dev.slipway.worker.config.WorkerProperties;
import dev.slipway.worker.execution.ActiveAttempts;
import dev.slipway.worker.execution.ContainerRuntime;
import dev.slipway.worker.execution.JobContainer;
import dev.slipway.worker.execution.JobStateStore;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Removes job containers on this host that no attempt owns any more: the job is finished or on a
 * later attempt, or the container is labelled with this worker's id but this worker does not run it
 * (a previous run of this worker was killed). Containers of attempts that are still current and
 * belong to another worker on the same host are left to that worker; if it is dead, its lease runs
 * out, the attempt is no longer current, and the next pass removes them. A container whose job this
 * worker's Redis does not know is removed only when it carries this worker's id: otherwise it
 * belongs to another Slipway installation sharing the Docker engine (another Redis, a staging
 * system, a benchmark), whose jobs this one must not kill. (A job's record outlives its container:
 * retention is days, the longest timeout a day.)
 */
@Component
record ContainerReaper(
        ContainerRuntime runtime, JobStateStore states, ActiveAttempts active, WorkerProperties properties) {

    private static final Logger log = LoggerFactory.getLogger(ContainerReaper.class);

    void reap() {
        for (JobContainer container : runtime.jobContainers()) {
            Optional<String> reason = reasonToRemove(container);
            if (reason.isPresent()) {
                log.info(
                        "Removing container {} of job {} attempt {}: {}",
                        container.id(),
                        container.job(),
                        container.attempt(),
                        reason.get());
                runtime.remove(container.id());
            }
        }
    }

    Optional<String> reasonToRemove(JobContainer container) {
        Optional<JobRecord> job = states.find(container.job());
        boolean mine = container.worker().equals(properties.workerId().value());
        if (job.isEmpty()) {
            return mine && !active.runs(container.job(), container.attempt())
                    ? Optional.of("the job is unknown (expired or never recorded) and this worker does not run it")
                    : Optional.empty();
        }
        JobState state = job.get().state();
        if (state.isTerminal()) {
            return Optional.of("the job is " + state);
        }
        if (job.get().attempt() != container.attempt() || state == JobState.QUEUED) {
            return Optional.of("attempt " + container.attempt() + " is no longer current");
        }
        if (mine && !active.runs(container.job(), container.attempt())) {
            return Optional.of("this worker does not run it (left by an earlier run of this worker)");
        }
        return Optional.empty();
    }
}
