package dev.slipway.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One compare-and-set move of a job record: the job must still be in {@code from} at
 * {@code fromAttempt}, or nothing changes. Gateway and workers build every state change with one of
 * the factories below, named for what the move means, and both apply it with the same Redis script,
 * so the fence and the transition table are the same for both.
 *
 * @param event the state change appended to the job's and the global event stream
 * @param fields fields of the job hash set by the move
 * @param lease hold the job's lease for a time counted on Redis's clock; {@link Change#DROP} or
 *     {@link Change#KEEP}
 * @param dispatchAt (re)publish the job to its queue at this time; or drop or keep the pending one
 * @param requiresLapsedLease refuse the move unless the job's lease has run out, on Redis's clock (a
 *     lapsed lease settled by a sweeper that must not overtake a renewal)
 * @param logEnd the marker closing the job's log, for a move to a terminal state; written in the
 *     same step, so a client never sees a finished job whose log could still grow
 */
public record JobTransition(
        JobId jobId,
        JobState from,
        int fromAttempt,
        JobState to,
        int toAttempt,
        JobEvent.StateChanged event,
        Map<String, String> fields,
        Change lease,
        Change dispatchAt,
        boolean requiresLapsedLease,
        JobEvent.@Nullable LogEnd logEnd) {

    public JobTransition {
        if (!from.canTransitionTo(to)) {
            throw new IllegalStateException("illegal transition of job " + jobId + " from " + from + " to " + to);
        }
        if (to.isTerminal() != (logEnd != null)) {
            throw new IllegalArgumentException("a log end marker goes with, and only with, a terminal state");
        }
        fields = Map.copyOf(fields);
    }

    /** The job's owner, whose indexes move with its state. */
    public String owner() {
        return event.owner();
    }

    /** A change to a sorted-set membership that goes with the move. */
    public record Change(String argument) {
        public static final Change KEEP = new Change("");
        public static final Change DROP = new Change("-");

        public static Change until(Instant time) {
            return new Change(String.valueOf(time.toEpochMilli()));
        }

        /**
         * For {@code duration} from when the move is applied, on the store's clock: leases are
         * judged on one clock for all workers, so a worker whose clock runs ahead cannot make
         * another's lease look expired.
         */
        public static Change forNext(Duration duration) {
            return new Change("+" + duration.toMillis());
        }
    }

    /** A worker takes a queued job: the next attempt runs on it, under a lease of {@code lease}. */
    public static JobTransition claim(JobRecord job, WorkerId worker, Instant now, Duration lease) {
        Map<String, String> fields = Map.of(
                JobFields.WORKER,
                worker.value(),
                JobFields.STARTED_AT,
                millis(now),
                JobFields.UPDATED_AT,
                millis(now),
                JobFields.EXIT_CODE,
                "",
                JobFields.ERROR,
                "",
                JobFields.FINISHED_AT,
                "");
        return move(job, JobState.RUNNING, job.attempt() + 1, worker, null, null, now, fields)
                .changing(Change.forNext(lease), Change.DROP);
    }

    /** A cancel of a job no worker runs yet: it ends at once. */
    public static JobTransition cancelQueued(JobRecord job, Instant now) {
        String error = "cancelled on request before it ran";
        Map<String, String> fields = Map.of(
                JobFields.ERROR, error,
                JobFields.CANCEL_REQUESTED_AT, millis(now),
                JobFields.FINISHED_AT, millis(now),
                JobFields.UPDATED_AT, millis(now));
        return move(job, JobState.CANCELLED, job.attempt(), null, null, error, now, fields)
                .changing(Change.DROP, Change.DROP);
    }

    /** A cancel of a running job: it is CANCELLING until its worker has stopped the container. */
    public static JobTransition requestCancel(JobRecord job, Instant now) {
        Map<String, String> fields =
                Map.of(JobFields.CANCEL_REQUESTED_AT, millis(now), JobFields.UPDATED_AT, millis(now));
        return move(job, JobState.CANCELLING, job.attempt(), null, null, null, now, fields);
    }

    /** A queued job that can never run (its message is unreadable): FAILED with the reason. */
    public static JobTransition failQueued(JobRecord job, String reason, @Nullable WorkerId by, Instant now) {
        Map<String, String> fields =
                Map.of(JobFields.ERROR, reason, JobFields.FINISHED_AT, millis(now), JobFields.UPDATED_AT, millis(now));
        return move(job, JobState.FAILED, job.attempt(), by, null, reason, now, fields)
                .changing(Change.DROP, Change.DROP);
    }

    /**
     * How an attempt ended, as its settling move records it.
     *
     * @param failures platform failures of the job so far, this attempt's included
     * @param exitCode the container's exit code, if it exited
     * @param error the platform's reason, if the platform ended the attempt
     * @param worker the worker the attempt ran on
     */
    public record AttemptEnd(
            int failures,
            @Nullable Integer exitCode,
            @Nullable String error,
            WorkerId worker,
            Instant at) {}

    /** The current attempt ended and the job with it, in the terminal state {@code to}. */
    public static JobTransition settle(JobRecord job, JobState to, AttemptEnd end) {
        if (!to.isTerminal()) {
            throw new IllegalArgumentException("a job settles in a terminal state, not " + to);
        }
        return attemptEnded(job, to, end).changing(Change.DROP, Change.DROP);
    }

    /** The current attempt ended and the job waits for another, published at {@code dispatchAt}. */
    public static JobTransition requeue(JobRecord job, Instant dispatchAt, AttemptEnd end) {
        return attemptEnded(job, JobState.QUEUED, end).changing(Change.DROP, Change.until(dispatchAt));
    }

    /** This move, refused if the job's lease has not run out when it is applied (a lapsed lease settled by a sweeper). */
    public JobTransition onlyIfLeaseExpired() {
        return new JobTransition(
                jobId, from, fromAttempt, to, toAttempt, event, fields, lease, dispatchAt, true, logEnd);
    }

    private static JobTransition attemptEnded(JobRecord job, JobState to, AttemptEnd end) {
        Map<String, String> fields = Map.of(
                JobFields.EXIT_CODE, end.exitCode() == null ? "" : String.valueOf(end.exitCode()),
                JobFields.ERROR, end.error() == null ? "" : end.error(),
                JobFields.FINISHED_AT, to.isTerminal() ? millis(end.at()) : "",
                JobFields.UPDATED_AT, millis(end.at()),
                JobFields.FAILURES, String.valueOf(end.failures()));
        return move(job, to, job.attempt(), end.worker(), end.exitCode(), end.error(), end.at(), fields);
    }

    /**
     * The move of a job from its state now to {@code to}, with its state event and, for a terminal
     * state, its log end; the lease and the dispatch schedule are left as they are.
     */
    private static JobTransition move(
            JobRecord job,
            JobState to,
            int toAttempt,
            @Nullable WorkerId worker,
            @Nullable Integer exitCode,
            @Nullable String error,
            Instant now,
            Map<String, String> fields) {
        JobEvent.StateChanged event = new JobEvent.StateChanged(
                job.id(), toAttempt, job.state(), to, worker, exitCode, error, now, job.owner());
        JobEvent.LogEnd logEnd = to.isTerminal() ? new JobEvent.LogEnd(job.id(), toAttempt, to, exitCode) : null;
        return new JobTransition(
                job.id(),
                job.state(),
                job.attempt(),
                to,
                toAttempt,
                event,
                fields,
                Change.KEEP,
                Change.KEEP,
                false,
                logEnd);
    }

    /** This move, changing the job's lease and its dispatch schedule as given. */
    private JobTransition changing(Change newLease, Change newDispatch) {
        return new JobTransition(
                jobId,
                from,
                fromAttempt,
                to,
                toAttempt,
                event,
                fields,
                newLease,
                newDispatch,
                requiresLapsedLease,
                logEnd);
    }

    private static String millis(Instant time) {
        return String.valueOf(time.toEpochMilli());
    }
}
