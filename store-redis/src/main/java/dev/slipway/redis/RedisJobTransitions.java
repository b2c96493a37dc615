package dev.slipway.redis;

import dev.slipway.model.JobFields;
import dev.slipway.model.JobId;
import dev.slipway.model.JobRecord;
import dev.slipway.model.JobState;
import dev.slipway.model.JobTransition;
import dev.slipway.model.JobUpdate;
import dev.slipway.model.RedisKeys;
import dev.slipway.model.WorkerId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every job state change, by gateway or worker, goes through here: the job's record is read, the
 * caller decides the move on it, and the move is applied by the transition script only if the job
 * did not change meanwhile; when it did, the record is read and the move decided again. The policy
 * stays with the caller; this class owns only the mechanism.
 */
public final class RedisJobTransitions {

    private static final Logger log = LoggerFactory.getLogger(RedisJobTransitions.class);

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> TRANSITION = LuaScripts.load(TransitionScript.RESOURCE, List.class);
    /** A job moves a handful of times in its life; more races than this on one move mean something is wrong. */
    private static final int MAX_RACES = 10;

    private static final List<Object> RECORD_FIELDS = List.of(
            JobFields.STATE,
            JobFields.ATTEMPT,
            JobFields.FAILURES,
            JobFields.WORKER,
            JobFields.SPEC,
            JobFields.OWNER,
            JobFields.CREATED_AT,
            JobFields.STARTED_AT,
            JobFields.UPDATED_AT);

    /**
     * Told of every move this process applied, with the record it was decided on. A move is applied
     * once (the script's compare-and-set), so a listener counts each job end exactly once across all
     * gateways and workers. Called on the mover's thread: it must be quick.
     */
    @FunctionalInterface
    public interface AppliedMoves {
        void applied(JobRecord before, JobTransition move);
    }

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final long retentionMillis;
    private final AppliedMoves listener;

    /**
     * @param retention how long a job's records live once it reached a terminal state (zero: forever)
     * @param listener told of each move applied here (the meters)
     */
    public RedisJobTransitions(StringRedisTemplate redis, JsonMapper json, Duration retention, AppliedMoves listener) {
        this.redis = redis;
        this.json = json;
        this.retentionMillis = retention.toMillis();
        this.listener = listener;
    }

    /** The job's record now; empty when there is no such job. */
    public Optional<JobRecord> read(JobId job) {
        List<Object> values = redis.opsForHash().multiGet(RedisKeys.job(job), RECORD_FIELDS);
        if (values.get(0) == null) {
            return Optional.empty();
        }
        JsonNode spec = values.get(4) == null
                ? json.missingNode()
                : json.readTree(values.get(4).toString());
        return Optional.of(new JobRecord(
                job,
                JobState.valueOf(values.get(0).toString()),
                Integer.parseInt(Objects.toString(values.get(1), "0")),
                Integer.parseInt(Objects.toString(values.get(2), "0")),
                spec.path("maxAttempts").asInt(1),
                blankToNull(values.get(3)) == null
                        ? null
                        : WorkerId.of(values.get(3).toString()),
                Objects.toString(values.get(5), ""),
                spec.path("pool").asString(""),
                new JobRecord.Times(instant(values.get(6)), instant(values.get(7)), instant(values.get(8)))));
    }

    /**
     * Reads the job, asks {@code decide} for a move (none: the update is declined), and applies it
     * unless the job changed in between, in which case it reads and decides again.
     */
    public JobUpdate update(JobId job, Function<JobRecord, Optional<JobTransition>> decide) {
        return update(job, null, decide);
    }

    /**
     * As {@link #update(JobId, Function)}, but the first move is decided on {@code known}, a record
     * the caller holds already (a worker's own attempt, as its claim left it), without reading it: one
     * round trip instead of two. The script's compare-and-set on state and attempt still fences it; when
     * the job changed since (a cancel was asked for, the attempt was taken over), the record is read and
     * the move decided again.
     */
    public JobUpdate update(JobId job, @Nullable JobRecord known, Function<JobRecord, Optional<JobTransition>> decide) {
        JobRecord current = null;
        for (int race = 0; race < MAX_RACES; race++) {
            if (race == 0 && known != null) {
                current = known;
            } else {
                Optional<JobRecord> read = read(job);
                if (read.isEmpty()) {
                    return new JobUpdate.Missing();
                }
                current = read.get();
            }
            Optional<JobTransition> move = decide.apply(current);
            if (move.isEmpty()) {
                return new JobUpdate.Declined(current);
            }
            switch (apply(move.get())) {
                case TransitionScript.Result.Applied applied -> {
                    tell(current, move.get());
                    return new JobUpdate.Applied(move.get());
                }
                case TransitionScript.Result.Missing missing -> {
                    return new JobUpdate.Missing();
                }
                case TransitionScript.Result.LeaseRenewed renewed -> {
                    return new JobUpdate.Declined(current);
                }
                case TransitionScript.Result.Conflict conflict ->
                    log.debug(
                            "Job {} moved to {} at attempt {} while a move to {} was decided; deciding again",
                            job,
                            conflict.state(),
                            conflict.attempt(),
                            move.get().to());
            }
        }
        log.error("Job {} kept changing while it was being moved; giving up after {} tries", job, MAX_RACES);
        return new JobUpdate.Contended(Objects.requireNonNull(current));
    }

    /** A listener's failure is logged: the move was made, and its caller must hear so. */
    private void tell(JobRecord before, JobTransition move) {
        try {
            listener.applied(before, move);
        } catch (RuntimeException e) {
            log.warn("Could not record the move of job {} to {}: {}", move.jobId(), move.to(), e.toString());
        }
    }

    private TransitionScript.Result apply(JobTransition move) {
        List<?> answer = redis.execute(
                TRANSITION,
                TransitionScript.keys(move),
                TransitionScript.arguments(move, retentionMillis, json).toArray());
        return TransitionScript.result(answer == null ? List.of() : answer);
    }

    /** A moment as the job hash keeps it (epoch milliseconds); null when absent or empty. */
    private static @Nullable Instant instant(@Nullable Object millis) {
        String text = blankToNull(millis);
        return text == null ? null : Instant.ofEpochMilli(Long.parseLong(text));
    }

    private static @Nullable String blankToNull(@Nullable Object value) {
        return value == null || value.toString().isEmpty() ? null : value.toString();
    }
}
