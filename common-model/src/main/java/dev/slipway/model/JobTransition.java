package dev.slipway.model;

import java.time.Instant;
import java.util.LinkedHashMap;
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
 * @param lease keep the job's lease until this time; {@link Change#DROP} or {@link Change#KEEP}
 * @param dispatchAt (re)publish the job to its queue at this time; or drop or keep the pending one
 * @param onlyIfLeaseExpiredBefore refuse the move if the lease was renewed up to this time (null: no such condition)
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
        @Nullable Instant onlyIfLeaseExpiredBefore,
        JobEvent.@Nullable LogEnd logEnd) {

    public JobTransition {
        if (!from.canTransitionTo(to)) {
            throw new IllegalStateException("illegal transition of job " + jobId + " from " + from + " to " + to);
        }
        if (to.isTerminal() != (logEnd != null)) {
            throw new IllegalArgumentException("a log end marker goes with, and only with, a terminal state");
        }
        fields = Map.copyOf(new LinkedHashMap<>(fields));
    }

    /** A change to a sorted-set membership that goes with the move. */
    public record Change(String argument) {
        public static final Change KEEP = new Change("");
        public static final Change DROP = new Change("-");

        public static Change until(Instant time) {
            return new Change(String.valueOf(time.toEpochMilli()));
        }
    }

    /** A worker takes a queued job: the next attempt runs on it, under a lease until {@code leaseUntil}. */
    public static JobTransition claim(JobRecord job, WorkerId worker, Instant now, Instant leaseUntil) {
        int attempt = job.attempt() + 1;
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(JobFields.WORKER, worker.value());
        fields.put(JobFields.STARTED_AT, millis(now));
        fields.put(JobFields.UPDATED_AT, millis(now));
        fields.put(JobFields.EXIT_CODE, "");
        fields.put(JobFields.ERROR, "");
        fields.put(JobFields.FINISHED_AT, "");
        return new JobTransition(
                job.id(),
                job.state(),
                job.attempt(),
                JobState.RUNNING,
                attempt,
                new JobEvent.StateChanged(job.id(), attempt, job.state(), JobState.RUNNING, worker, null, null, now),
                fields,
                Change.until(leaseUntil),
                Change.DROP,
                null,
                null);
    }

    /** A cancel of a job no worker runs yet: it ends at once. */
    public static JobTransition cancelQueued(JobRecord job, Instant now) {
        String error = "cancelled on request before it ran";
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(JobFields.ERROR, error);
        fields.put(JobFields.CANCEL_REQUESTED_AT, millis(now));
        fields.put(JobFields.FINISHED_AT, millis(now));
        fields.put(JobFields.UPDATED_AT, millis(now));
        return new JobTransition(
                job.id(),
                job.state(),
                job.attempt(),
                JobState.CANCELLED,
                job.attempt(),
                new JobEvent.StateChanged(
                        job.id(), job.attempt(), job.state(), JobState.CANCELLED, null, null, error, now),
                fields,
                Change.DROP,
                Change.DROP,
                null,
                new JobEvent.LogEnd(job.id(), job.attempt(), JobState.CANCELLED, null));
    }

    /** A cancel of a running job: it is CANCELLING until its worker has stopped the container. */
    public static JobTransition requestCancel(JobRecord job, Instant now) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(JobFields.CANCEL_REQUESTED_AT, millis(now));
        fields.put(JobFields.UPDATED_AT, millis(now));
        return new JobTransition(
                job.id(),
                job.state(),
                job.attempt(),
                JobState.CANCELLING,
                job.attempt(),
                new JobEvent.StateChanged(
                        job.id(), job.attempt(), job.state(), JobState.CANCELLING, null, null, null, now),
                fields,
                Change.KEEP,
                Change.KEEP,
                null,
                null);
    }

    /** A queued job that can never run (its message is unreadable): FAILED with the reason. */
    public static JobTransition failQueued(JobRecord job, String reason, @Nullable WorkerId by, Instant now) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(JobFields.ERROR, reason);
        fields.put(JobFields.FINISHED_AT, millis(now));
        fields.put(JobFields.UPDATED_AT, millis(now));
        return new JobTransition(
                job.id(),
                job.state(),
                job.attempt(),
                JobState.FAILED,
                job.attempt(),
                new JobEvent.StateChanged(job.id(), job.attempt(), job.state(), JobState.FAILED, by, null, reason, now),
                fields,
                Change.DROP,
                Change.DROP,
                null,
                new JobEvent.LogEnd(job.id(), job.attempt(), JobState.FAILED, null));
    }

    /** The current attempt ended and the job with it, in the terminal state {@code to}. */
    public static JobTransition settle(
            JobRecord job,
            JobState to,
            int failures,
            @Nullable Integer exitCode,
            @Nullable String error,
            WorkerId worker,
            Instant now) {
        if (!to.isTerminal()) {
            throw new IllegalArgumentException("a job settles in a terminal state, not " + to);
        }
        return ended(
                job,
                to,
                failures,
                exitCode,
                error,
                worker,
                now,
                Change.DROP,
                new JobEvent.LogEnd(job.id(), job.attempt(), to, exitCode));
    }

    /** The current attempt ended and the job waits for another, published at {@code dispatchAt}. */
    public static JobTransition requeue(
            JobRecord job,
            int failures,
            Instant dispatchAt,
            @Nullable Integer exitCode,
            @Nullable String error,
            WorkerId worker,
            Instant now) {
        return ended(job, JobState.QUEUED, failures, exitCode, error, worker, now, Change.until(dispatchAt), null);
    }

    /** This move, refused if the job's lease was renewed up to {@code time} (a lapsed lease settled by a sweeper). */
    public JobTransition onlyIfLeaseExpiredBefore(Instant time) {
        return new JobTransition(
                jobId, from, fromAttempt, to, toAttempt, event, fields, lease, dispatchAt, time, logEnd);
    }

    private static JobTransition ended(
            JobRecord job,
            JobState to,
            int failures,
            @Nullable Integer exitCode,
            @Nullable String error,
            WorkerId worker,
            Instant now,
            Change dispatch,
            JobEvent.@Nullable LogEnd logEnd) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(JobFields.EXIT_CODE, exitCode == null ? "" : String.valueOf(exitCode));
        fields.put(JobFields.ERROR, error == null ? "" : error);
        fields.put(JobFields.FINISHED_AT, to.isTerminal() ? millis(now) : "");
        fields.put(JobFields.UPDATED_AT, millis(now));
        fields.put(JobFields.FAILURES, String.valueOf(failures));
        return new JobTransition(
                job.id(),
                job.state(),
                job.attempt(),
                to,
                job.attempt(),
                new JobEvent.StateChanged(job.id(), job.attempt(), job.state(), to, worker, exitCode, error, now),
                fields,
                Change.DROP,
                dispatch,
                null,
                logEnd);
    }

    private static String millis(Instant time) {
        return String.valueOf(time.toEpochMilli());
    }
}
