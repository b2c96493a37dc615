package dev.slipway.gateway.job;

import dev.slipway.model.JobId;
import dev.slipway.model.JobRecord;
import dev.slipway.model.JobState;
import dev.slipway.model.JobTransition;
import dev.slipway.model.JobUpdate;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Cancels a job through the same compare-and-set moves the workers make, so a cancel racing a
 * claim or the end of an attempt is decided by whichever lands first, and decided again when it
 * lost the race. A running job is only marked CANCELLING here: its worker stops the container
 * (SIGTERM, grace, SIGKILL) and records CANCELLED. The signal makes that prompt; the worker's
 * heartbeat, which reads the state, makes it certain.
 */
@Service
record Cancellation(JobStore store) {

    /** What a cancel did, and the job's state after it. */
    record Result(Outcome outcome, JobState state) {
        enum Outcome {
            CANCELLED,
            CANCELLING,
            ALREADY_FINISHED,
            NOT_FOUND
        }
    }

    /**
     * A QUEUED job ends CANCELLED at once; a RUNNING one becomes CANCELLING and its worker is
     * signalled; a CANCELLING one stays so; a finished one is left as it is.
     */
    Result cancel(JobId id, Instant now) {
        JobUpdate update = store.update(id, job -> move(job, now));
        return switch (update) {
            case JobUpdate.Applied applied
            when applied.transition().to() == JobState.CANCELLING -> {
                store.signalCancel(id);
                yield new Result(Result.Outcome.CANCELLING, JobState.CANCELLING);
            }
            case JobUpdate.Applied applied -> new Result(Result.Outcome.CANCELLED, JobState.CANCELLED);
            case JobUpdate.Declined declined
            when declined.current().state() == JobState.CANCELLING ->
                new Result(Result.Outcome.CANCELLING, JobState.CANCELLING);
            case JobUpdate.Declined declined ->
                new Result(Result.Outcome.ALREADY_FINISHED, declined.current().state());
            case JobUpdate.Missing missing -> new Result(Result.Outcome.NOT_FOUND, JobState.CANCELLED);
            case JobUpdate.Contended contended ->
                throw new IllegalStateException("job " + id + " kept changing while it was being cancelled");
        };
    }

    private static Optional<JobTransition> move(JobRecord job, Instant now) {
        return switch (job.state()) {
            case QUEUED -> Optional.of(JobTransition.cancelQueued(job, now));
            case RUNNING -> Optional.of(JobTransition.requestCancel(job, now));
            case CANCELLING, SUCCEEDED, FAILED, CANCELLED, TIMED_OUT -> Optional.empty();
        };
    }
}
