package dev.slipway.worker.execution;

import dev.slipway.model.JobId;
import dev.slipway.model.JobMessage;
import dev.slipway.model.JobSpec;
import dev.slipway.model.JobState;
import dev.slipway.worker.config.WorkerProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;

/**
 * Runs one job: claim it, pull its image, run its container with the output collected, record how it
 * ended. The container is removed on every path, and the log is complete before the terminal state
 * is recorded, so a client that sees the job finished can read all of its output.
 */
@Service
public class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    /** How long the engine may take to deliver the last output after the container exited. */
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(10);

    /** How long the log store may be away at the end of a job before its remaining lines are given up. */
    private static final Duration LOG_PATIENCE = Duration.ofSeconds(60);

    private final ContainerRuntime runtime;
    private final JobStateStore states;
    private final LogSink logs;
    private final WorkerProperties properties;
    private final LogSettings logSettings;
    private final Clock clock;

    JobRunner(ContainerRuntime runtime, JobStateStore states, LogSink logs, WorkerProperties properties, Clock clock) {
        this.runtime = runtime;
        this.states = states;
        this.logs = logs;
        this.properties = properties;
        this.clock = clock;
        WorkerProperties.Log log = properties.log();
        this.logSettings = new LogSettings(
                log.batchWindow(),
                log.batchMaxLines(),
                Math.toIntExact(log.maxLineLength().toBytes()),
                log.cap().toBytes(),
                log.bufferLimit().toBytes());
    }

    public void run(JobMessage message) {
        JobId id = message.jobId();
        MDC.put("jobId", id.value());
        try {
            Optional<Integer> claimed = states.claim(id, properties.workerId(), clock.instant());
            if (claimed.isEmpty()) {
                log.info("Job {} is not waiting to run (state {}); skipping the message",
                        id, states.state(id).map(Enum::name).orElse("unknown"));
                return;
            }
            int attempt = claimed.get();
            MDC.put("attempt", String.valueOf(attempt));
            log.info("Running attempt {} of job {} ({})", attempt, id, message.spec().image());
            Outcome outcome = runAttempt(id, attempt, message.spec());
            boolean recorded = states.finish(id, attempt, JobState.RUNNING, outcome, properties.workerId(), clock.instant());
            if (recorded) {
                log.info("Job {} attempt {} ended {} (exit code {})", id, attempt, outcome.state(), outcome.exitCode());
            } else {
                log.warn("Job {} attempt {} ended {}, but the job had moved on; outcome not recorded", id, attempt, outcome.state());
            }
        } finally {
            MDC.remove("jobId");
            MDC.remove("attempt");
        }
    }

    private Outcome runAttempt(JobId id, int attempt, JobSpec spec) {
        LogCollector output = new LogCollector(id, attempt, logs, logSettings, clock);
        String containerId = null;
        Outcome outcome = Outcome.platformFailure("the worker failed before the container ran");
        try {
            runtime.ensureImage(spec.image(), properties.pullTimeout());
            containerId = runtime.create(
                    ContainerSpecs.forAttempt(id, attempt, spec, properties.workerId(), properties.capabilities()));
            try (ContainerRuntime.Attachment attachment = runtime.attach(containerId, output)) {
                runtime.start(containerId);
                OptionalInt exit = runtime.awaitExit(containerId, Duration.ofSeconds(spec.timeoutSeconds()));
                if (exit.isEmpty()) {
                    runtime.stop(containerId, properties.stopGracePeriod());
                    outcome = Outcome.timedOut(spec.timeoutSeconds());
                } else {
                    outcome = Outcome.exited(exit.getAsInt());
                }
                if (!attachment.awaitEnd(OUTPUT_DRAIN)) {
                    log.warn("Output of job {} did not end within {} of the container's exit", id, OUTPUT_DRAIN);
                }
            }
        } catch (ImageUnavailableException e) {
            outcome = Outcome.platformFailure(e.getMessage());
        } catch (ContainerRuntimeException e) {
            log.error("Docker failed running job {}", id, e);
            outcome = Outcome.platformFailure("Docker failed: " + e.getMessage());
        } catch (RuntimeException e) {
            log.error("Unexpected failure running job {}", id, e);
            outcome = Outcome.platformFailure("the worker failed: " + e);
        } finally {
            if (outcome.error() != null) {
                output.note(outcome.error());
            }
            output.close(outcome.state(), outcome.exitCode(), LOG_PATIENCE);
            if (containerId != null) {
                removeQuietly(containerId);
            }
        }
        return outcome;
    }

    private void removeQuietly(String containerId) {
        try {
            runtime.remove(containerId);
        } catch (RuntimeException e) {
            log.error("Could not remove container {}; it carries the slipway.job label for cleanup", containerId, e);
        }
    }
}
