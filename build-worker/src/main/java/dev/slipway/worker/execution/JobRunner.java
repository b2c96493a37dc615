package dev.slipway.worker.execution;

import dev.slipway.model.ArtifactSpec;
import dev.slipway.model.ImageBuildSpec;
import dev.slipway.model.JobId;
import dev.slipway.model.JobRecord;
import dev.slipway.model.JobSource;
import dev.slipway.model.JobSpec;
import dev.slipway.model.JobState;
import dev.slipway.worker.artifacts.ArtifactKeeper;
import dev.slipway.worker.build.BuildStoppedException;
import dev.slipway.worker.build.ImageBuildFailedException;
import dev.slipway.worker.build.ImageBuildRun;
import dev.slipway.worker.config.WorkerProperties;
import dev.slipway.worker.source.ArchiveGuard;
import dev.slipway.worker.source.SourceRejectedException;
import dev.slipway.worker.source.SourceUnavailableException;
import dev.slipway.worker.source.SourceUnpacker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.stereotype.Service;

/**
 * Runs one claimed attempt of a job: pulls the image, runs the container with its output collected,
 * settles the attempt, then removes the container, on every path. While it runs, the attempt is in
 * {@link ActiveAttempts}, where heartbeats, cancels and shutdown find it.
 */
@Service
public record JobRunner(
        ContainerRuntime runtime,
        JobMoves moves,
        JobStateStore states,
        JobLog logs,
        ActiveAttempts active,
        ArtifactKeeper artifacts,
        SourceUnpacker sources,
        ImageBuildRun builds,
        WorkerProperties properties,
        Clock clock) {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    /** How long the engine may take to deliver the last output after the container exited. */
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(10);

    /** How long the log store may be away at the end of a job before its remaining lines are given up. */
    private static final Duration LOG_PATIENCE = Duration.ofSeconds(60);

    public void run(ClaimedAttempt claim) {
        JobId id = claim.message().jobId();
        int attempt = claim.attempt();
        MDC.put("jobId", id.value());
        MDC.put("attempt", String.valueOf(attempt));
        RunningAttempt running =
                active.register(id, attempt, runtime, properties.stopGracePeriod(), claim.claimSentNanos());
        try {
            log.info(
                    "Running attempt {} of job {} ({})",
                    attempt,
                    id,
                    claim.message().spec().image());
            Ended ended = runAttempt(running, claim.message().spec());
            // The end is recorded before the container is removed: the client learns the outcome
            // without waiting for Docker's clean-up (the reaper removes the container should this
            // worker die in between).
            settle(running, claim.running(), ended.outcome());
            running.markSettled();
            if (ended.containerId() != null) {
                removeQuietly(ended.containerId());
            }
        } finally {
            active.remove(running);
            MDC.remove("jobId");
            MDC.remove("attempt");
        }
    }

    private void settle(RunningAttempt running, JobRecord claimed, Outcome outcome) {
        JobId id = running.job();
        int attempt = running.attempt();
        if (running.stopReason() == RunningAttempt.StopReason.LOST) {
            log.warn(
                    "Job {} attempt {} was taken over by another attempt; its outcome ({}) is not recorded",
                    id,
                    attempt,
                    outcome.state());
            return;
        }
        // The lease is kept alive while settling is retried, so Redis may be away this long
        // without the attempt being taken for lost and run again.
        RetryTemplate settleRetry = new RetryTemplate(RetryPolicy.builder()
                .maxRetries(Long.MAX_VALUE)
                .timeout(properties.lease().settlePatience())
                .delay(Duration.ofMillis(200))
                .multiplier(2)
                .maxDelay(Duration.ofSeconds(5))
                .build());
        try {
            Optional<JobState> settled = settleRetry.execute(() -> moves.settle(claimed, outcome, clock.instant()));
            if (settled == null || settled.isEmpty()) {
                log.warn(
                        "Job {} attempt {} ended {}, but the job had moved on; outcome not recorded",
                        id,
                        attempt,
                        outcome.state());
            } else {
                log.info(
                        "Job {} attempt {} ended {} (exit code {}): job is now {}",
                        id,
                        attempt,
                        outcome.kind(),
                        outcome.exitCode(),
                        settled.get());
            }
        } catch (RetryException e) {
            log.error(
                    "Could not record the end of job {} attempt {}; its lease will run out and the job be retried",
                    id,
                    attempt,
                    e);
        }
    }

    /**
     * Keeps the artifacts of an attempt that ended by itself, if its rules keep them for such an end,
     * before the container goes: the outcome turns FAILED when they pass the per-job limit, and is a
     * platform failure (retried) when they could not be read or stored.
     */
    private Outcome keepArtifacts(
            RunningAttempt running, JobSpec spec, String containerId, Outcome outcome, LogCollector output) {
        ArtifactSpec rules = spec.artifacts();
        if (rules == null || running.stopReason() != null) {
            return outcome; // a cancelled or lost attempt keeps nothing, and lists nothing
        }
        boolean ended = outcome.kind() == Outcome.Kind.EXITED || outcome.kind() == Outcome.Kind.TIMED_OUT;
        boolean succeeded = outcome.state() == JobState.SUCCEEDED;
        if (!ended || !rules.when().collects(succeeded) || spec.workdir() == null) {
            artifacts.keepNone(running.job(), running.attempt());
            return outcome;
        }
        try {
            ArtifactKeeper.Kept kept = artifacts.keep(
                    running.job(), running.attempt(), rules, runtime.archive(containerId, spec.workdir()));
            output.note(kept.note());
            return kept.failure().map(Outcome::refused).orElse(outcome);
        } catch (PathMissingException e) {
            output.note("artifacts: the working directory " + spec.workdir() + " is gone; none kept");
            artifacts.keepNone(running.job(), running.attempt());
            return outcome;
        } catch (IOException | RuntimeException e) {
            log.warn("Collecting the artifacts of job {} failed", running.job(), e);
            return Outcome.platformFailure("collecting the job's artifacts failed: " + e.getMessage());
        }
    }

    /** How an attempt ended, and its container, still to be removed. */
    private record Ended(Outcome outcome, @Nullable String containerId) {}

    private Ended runAttempt(RunningAttempt running, JobSpec spec) {
        JobId id = running.job();
        int attempt = running.attempt();
        Map<String, String> secrets = spec.secretNames().isEmpty() ? Map.of() : states.secrets(id);
        SecretMasker masker = SecretMasker.of(secrets.values());
        LogCollector output = new LogCollector(id, attempt, logs, LogSettings.from(properties.log()), clock, masker);
        running.notesTo(output::note);
        if (attempt > 1) {
            // The log holds every attempt's output: say where this one begins.
            output.note("attempt " + attempt + " on worker " + properties.workerId()
                    + "; the lines above are from earlier attempts");
        }
        String containerId = null;
        Outcome outcome = Outcome.platformFailure("the worker failed before the container ran");
        try {
            new SpecCheck(properties.jobs()).check(spec);
            if (!secrets.keySet().containsAll(spec.secretNames())) {
                throw new JobRefusedException("the job's secrets are no longer recorded");
            }
            if (spec.build() != null) {
                outcome = leaseHeldBeforeStart(running)
                        ? buildImage(running, spec, secrets, output, masker)
                        : stopped(
                                running,
                                null,
                                Outcome.platformFailure(
                                        "the worker could not confirm its lease before starting the build"));
                return new Ended(outcome, null);
            }
            containerId = runtime.create(
                    ContainerSpecs.forAttempt(
                            id,
                            attempt,
                            spec,
                            secrets,
                            properties.workerId(),
                            properties.capabilities(),
                            properties.jobs().defaultUser(),
                            properties.jobs().network()),
                    properties.pullTimeout());
            if (!running.containerCreated(containerId)) {
                outcome = stopped(running, null, outcome);
            } else if (!unpackSource(running, spec, secrets, containerId, output)) {
                outcome = stopped(running, null, outcome); // cancelled, or handed back, while the source came
            } else if (!leaseHeldBeforeStart(running)) {
                outcome = running.stopReason() == null
                        ? Outcome.platformFailure(
                                "the worker could not confirm its lease before starting the container")
                        : stopped(running, null, outcome);
            } else {
                try (ContainerRuntime.Attachment attachment = runtime.attach(containerId, output)) {
                    runtime.start(containerId);
                    OptionalInt exit = runtime.awaitExit(containerId, Duration.ofSeconds(spec.timeoutSeconds()));
                    if (exit.isEmpty()) {
                        runtime.stop(containerId, properties.stopGracePeriod());
                        outcome = running.stopReason() == null
                                ? Outcome.timedOut(spec.timeoutSeconds())
                                : stopped(running, null, outcome);
                    } else {
                        outcome = running.stopReason() == null
                                ? Outcome.exited(exit.getAsInt())
                                : stopped(running, exit.getAsInt(), outcome);
                    }
                    if (!attachment.awaitEnd(OUTPUT_DRAIN)) {
                        log.warn("Output of job {} did not end within {} of the container's exit", id, OUTPUT_DRAIN);
                    }
                }
                outcome = keepArtifacts(running, spec, containerId, outcome, output);
            }
        } catch (JobRefusedException e) {
            outcome = Outcome.refused(String.valueOf(e.getMessage()));
        } catch (SourceRejectedException e) {
            // a git server's message may quote what it was sent
            outcome = running.stopReason() == null
                    ? Outcome.refused(masker.mask(String.valueOf(e.getMessage())))
                    : stopped(running, null, outcome);
        } catch (SourceUnavailableException e) {
            outcome = Outcome.platformFailure(masker.mask(String.valueOf(e.getMessage())));
        } catch (ImageUnavailableException e) {
            outcome = Outcome.platformFailure(String.valueOf(e.getMessage()));
        } catch (ContainerRuntimeException e) {
            log.error("Docker failed running job {}", id, e);
            outcome = running.stopReason() == null
                    ? Outcome.platformFailure("Docker failed: " + e.getMessage())
                    : stopped(running, null, outcome);
        } catch (RuntimeException e) {
            log.error("Unexpected failure running job {}", id, e);
            outcome = Outcome.platformFailure("the worker failed: " + e);
        } finally {
            if (outcome.error() != null && running.stopReason() != RunningAttempt.StopReason.LOST) {
                output.note(outcome.error());
            }
            output.close(LOG_PATIENCE);
        }
        return new Ended(outcome, containerId);
    }

    /** An image build job's attempt: no container of its own, the engine builds and pushes. */
    private Outcome buildImage(
            RunningAttempt running,
            JobSpec spec,
            Map<String, String> secrets,
            LogCollector output,
            SecretMasker masker) {
        ImageBuildSpec build = spec.build();
        JobSource source = spec.source();
        if (build == null || source == null) {
            return Outcome.refused("an image build needs a source, its build context");
        }
        try {
            builds.run(
                    running.job(),
                    running.attempt(),
                    spec,
                    secrets,
                    output,
                    output::note,
                    () -> running.stopReason() != null);
            return Outcome.exited(0);
        } catch (ImageBuildFailedException e) {
            return Outcome.refused(masker.mask("the image build failed: " + e.getMessage()));
        } catch (BuildStoppedException e) {
            return running.stopReason() == null
                    ? Outcome.timedOut(spec.timeoutSeconds())
                    : stopped(running, null, Outcome.platformFailure(String.valueOf(e.getMessage())));
        }
    }

    /**
     * Unpacks the job's source into its working directory, before the script starts (and before
     * the lease is confirmed for the start, since a fetch may take a while): the archive carries the
     * directory itself, so that it too belongs to the job's user.
     *
     * @return whether the attempt goes on: false when it was asked to stop meanwhile
     */
    private boolean unpackSource(
            RunningAttempt running,
            JobSpec spec,
            Map<String, String> secrets,
            String containerId,
            LogCollector output) {
        JobSource source = spec.source();
        if (source == null) {
            return true;
        }
        JobId id = running.job();
        Path workdir = Path.of(spec.workdir() == null ? "/workspace" : spec.workdir());
        Path parent = workdir.getParent();
        if (parent == null || workdir.getFileName() == null) {
            throw new JobRefusedException("a source is unpacked into a directory below /, not into /");
        }
        // The files are the job's, owned by the user it runs as: one given by number is set in the
        // archive; one by name, or the image's own USER, only the image's /etc/passwd resolves, and the
        // engine does (it fails a uid it cannot find there, so a number is never left to it).
        String user = spec.user() != null ? spec.user() : properties.jobs().defaultUser();
        ArchiveGuard.Owner owner =
                user == null ? null : ArchiveGuard.Owner.numeric(user).orElse(null);
        boolean engineMaps = owner == null;
        SourceUnpacker.Unpacked unpacked = sources.stream(
                new SourceUnpacker.Request(
                        id,
                        source,
                        secrets,
                        workdir.getFileName().toString(),
                        owner,
                        Duration.ofSeconds(spec.timeoutSeconds()),
                        () -> running.stopReason() != null),
                tar -> runtime.extract(containerId, parent.toString(), tar, engineMaps));
        output.note(unpacked.note() + " in " + workdir);
        return running.stopReason() == null;
    }

    /**
     * Whether the container may start: an image pull can outlast the lease, and while Redis was away
     * the job may have moved on to another worker, which must not find this one running too. A lease
     * confirmed recently enough is taken as it is; an older one is renewed first.
     */
    private boolean leaseHeldBeforeStart(RunningAttempt running) {
        if (running.sinceLeaseConfirmed().compareTo(properties.lease().maxSilence()) < 0) {
            return true;
        }
        try {
            long sentAt = System.nanoTime();
            JobStateStore.LeaseStatus status = states.renew(
                    running.job(),
                    running.attempt(),
                    properties.workerId(),
                    properties.lease().duration());
            switch (status) {
                case HELD -> running.leaseConfirmed(sentAt);
                case CANCEL_REQUESTED -> running.requestStop(RunningAttempt.StopReason.CANCEL);
                case LOST -> running.requestStop(RunningAttempt.StopReason.LOST);
            }
            return status == JobStateStore.LeaseStatus.HELD;
        } catch (RuntimeException e) {
            log.warn("Could not confirm the lease of job {} before starting it: {}", running.job(), e.toString());
            return false;
        }
    }

    /** The outcome of an attempt the worker stopped itself, by why it did. */
    private Outcome stopped(RunningAttempt running, @Nullable Integer exitCode, Outcome otherwise) {
        return switch (running.stopReason()) {
            case CANCEL -> Outcome.cancelled(exitCode);
            case HAND_BACK -> Outcome.handedBack(properties.workerId().value());
            case LOST -> Outcome.lost(properties.workerId().value());
            case DISK_LIMIT -> Outcome.diskLimitExceeded(properties.maxDisk());
            case null -> otherwise;
        };
    }

    private void removeQuietly(String containerId) {
        try {
            runtime.remove(containerId);
        } catch (RuntimeException e) {
            log.error("Could not remove container {}; the reaper will, by its slipway.job label", containerId, e);
        }
    }
}
