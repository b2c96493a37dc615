package dev.slipway.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One compare-and-set move of a job record, as the shared script {@link #SCRIPT} carries it out: the
 * job must still be in {@code from} at {@code fromAttempt}, or nothing changes. Gateway and workers
 * build every state change with this, so the fence and the transition table are the same for both.
 *
 * @param eventJson the {@link JobEvent.StateChanged} to append, already serialized
 * @param lease keep the job's lease until this time; {@link Change#DROP} or {@link Change#KEEP}
 * @param dispatchAt (re)publish the job to its queue at this time; or drop or keep the pending one
 * @param onlyIfLeaseExpiredBefore refuse the move if the lease was renewed up to this time (null: no such condition)
 * @param logEndJson the {@link JobEvent.LogEnd} closing the job's log, for a move to a terminal state;
 *     written in the same step, so a client never sees a finished job whose log could still grow
 */
public record JobTransition(
        JobId jobId,
        JobState from,
        int fromAttempt,
        JobState to,
        int toAttempt,
        String eventJson,
        Map<String, String> fields,
        Change lease,
        Change dispatchAt,
        @Nullable Instant onlyIfLeaseExpiredBefore,
        @Nullable String logEndJson) {

    /** Classpath location of the Lua script. */
    public static final String SCRIPT = "dev/slipway/model/transition.lua";

    /** The script's answer when the move was made. */
    public static final String APPLIED = "OK";

    private static final int GLOBAL_EVENTS_MAX_LENGTH = 100_000;

    public JobTransition {
        if (!from.canTransitionTo(to)) {
            throw new IllegalStateException("illegal transition of job " + jobId + " from " + from + " to " + to);
        }
        if (to.isTerminal() != (logEndJson != null)) {
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

    public List<String> keys() {
        return List.of(
                RedisKeys.job(jobId),
                RedisKeys.jobEvents(jobId),
                RedisKeys.GLOBAL_EVENTS,
                RedisKeys.jobsInState(from),
                RedisKeys.jobsInState(to),
                RedisKeys.jobLog(jobId),
                RedisKeys.LEASES,
                RedisKeys.DISPATCH);
    }

    /** @param retentionMillis how long the job's records live once it is terminal (0: forever) */
    public List<String> arguments(long retentionMillis) {
        List<String> args = new ArrayList<>(List.of(
                jobId.value(),
                from.name(),
                String.valueOf(fromAttempt),
                to.name(),
                String.valueOf(toAttempt),
                eventJson,
                String.valueOf(GLOBAL_EVENTS_MAX_LENGTH),
                String.valueOf(retentionMillis),
                to.isTerminal() ? "1" : "0",
                lease.argument(),
                dispatchAt.argument(),
                onlyIfLeaseExpiredBefore == null ? "" : String.valueOf(onlyIfLeaseExpiredBefore.toEpochMilli()),
                logEndJson == null ? "" : logEndJson));
        fields.forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        return args;
    }
}
