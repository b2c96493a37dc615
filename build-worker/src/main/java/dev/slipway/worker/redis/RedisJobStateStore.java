package dev.slipway.worker.redis;

import dev.slipway.model.JobEvent;
import dev.slipway.model.JobFields;
import dev.slipway.model.JobId;
import dev.slipway.model.JobSpec;
import dev.slipway.model.JobState;
import dev.slipway.model.JobTransition;
import dev.slipway.model.LuaScriptText;
import dev.slipway.model.RedisKeys;
import dev.slipway.model.WorkerId;
import dev.slipway.worker.config.WorkerProperties;
import dev.slipway.worker.execution.JobStateStore;
import dev.slipway.worker.execution.Outcome;
import dev.slipway.worker.execution.Settlement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Job state changes over the layout in {@link RedisKeys}: each is read, decided in Java (the
 * transition table, {@link Settlement}), then applied by the shared compare-and-set script; when
 * the job moved meanwhile (a cancel came in), it is read and decided again.
 */
@Repository
class RedisJobStateStore implements JobStateStore {

    private static final Logger log = LoggerFactory.getLogger(RedisJobStateStore.class);
    private static final RedisScript<String> TRANSITION =
            RedisScript.of(LuaScriptText.read(JobTransition.SCRIPT), String.class);
    private static final RedisScript<String> RENEW_LEASE =
            RedisScript.of(LuaScriptText.read("redis/renew-lease.lua"), String.class);
    private static final int MAX_RACES = 10;
    private static final List<String> SETTLE_FIELDS = List.of(
            JobFields.STATE, JobFields.ATTEMPT, JobFields.FAILURES, JobFields.SPEC, JobFields.WORKER);

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final Settlement settlement;
    private final Duration retention;

    RedisJobStateStore(StringRedisTemplate redis, JsonMapper json, WorkerProperties properties) {
        this.redis = redis;
        this.json = json;
        this.settlement = new Settlement(properties.retry().initialBackoff(), properties.retry().maxBackoff());
        this.retention = properties.retention();
    }

    @Override
    public Optional<Integer> claim(JobId job, int expectedAttempt, WorkerId worker, Instant now, Instant leaseUntil) {
        Optional<Current> current = current(job);
        if (current.isEmpty() || current.get().state() != JobState.QUEUED) {
            return Optional.empty();
        }
        int previous = current.get().attempt();
        if (expectedAttempt > 0 && previous != expectedAttempt - 1) {
            return Optional.empty(); // a message for an attempt that already ran, or one not due yet
        }
        int attempt = previous + 1;
        String millis = String.valueOf(now.toEpochMilli());
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(JobFields.WORKER, worker.value());
        fields.put(JobFields.STARTED_AT, millis);
        fields.put(JobFields.UPDATED_AT, millis);
        fields.put(JobFields.EXIT_CODE, "");
        fields.put(JobFields.ERROR, "");
        fields.put(JobFields.FINISHED_AT, "");
        JobTransition claim = new JobTransition(job, JobState.QUEUED, previous, JobState.RUNNING, attempt,
                stateEvent(job, attempt, JobState.QUEUED, JobState.RUNNING, worker, null, null, now),
                fields, JobTransition.Change.until(leaseUntil), JobTransition.Change.DROP, null, null);
        return JobTransition.APPLIED.equals(apply(claim)) ? Optional.of(attempt) : Optional.empty();
    }

    @Override
    public LeaseStatus renew(JobId job, int attempt, WorkerId worker, Instant leaseUntil) {
        String answer = redis.execute(RENEW_LEASE, List.of(RedisKeys.job(job), RedisKeys.LEASES),
                job.value(), String.valueOf(attempt), worker.value(), String.valueOf(leaseUntil.toEpochMilli()));
        return switch (Objects.requireNonNullElse(answer, "LOST")) {
            case "RUNNING" -> LeaseStatus.HELD;
            case "CANCELLING" -> LeaseStatus.CANCEL_REQUESTED;
            default -> LeaseStatus.LOST;
        };
    }

    @Override
    public Optional<JobState> settle(JobId job, int attempt, Outcome outcome, WorkerId worker, Instant now) {
        return settleCurrent(job, attempt, record -> outcome, worker, now, null);
    }

    @Override
    public Optional<JobState> settleLost(JobId job, Instant now) {
        Optional<JobState> settled = settleCurrent(job, -1,
                record -> Outcome.lost(Objects.toString(record.get(JobFields.WORKER), "unknown")), null, now, now);
        if (settled.isEmpty() && !Boolean.TRUE.equals(redis.hasKey(RedisKeys.job(job)))) {
            redis.opsForZSet().remove(RedisKeys.LEASES, job.value()); // the job expired: nothing to settle
        }
        return settled;
    }

    @Override
    public boolean failQueued(JobId job, String reason, WorkerId worker, Instant now) {
        Optional<Current> current = current(job);
        if (current.isEmpty() || current.get().state() != JobState.QUEUED) {
            return false;
        }
        int attempt = current.get().attempt();
        String millis = String.valueOf(now.toEpochMilli());
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(JobFields.ERROR, reason);
        fields.put(JobFields.FINISHED_AT, millis);
        fields.put(JobFields.UPDATED_AT, millis);
        JobTransition failure = new JobTransition(job, JobState.QUEUED, attempt, JobState.FAILED, attempt,
                stateEvent(job, attempt, JobState.QUEUED, JobState.FAILED, worker, null, reason, now),
                fields, JobTransition.Change.DROP, JobTransition.Change.DROP, null,
                json.writeValueAsString(new JobEvent.LogEnd(job, attempt, JobState.FAILED, null)));
        return JobTransition.APPLIED.equals(apply(failure));
    }

    @Override
    public List<JobId> expiredLeases(Instant now, int limit) {
        Set<String> ids = redis.opsForZSet().rangeByScore(RedisKeys.LEASES, Double.NEGATIVE_INFINITY, now.toEpochMilli() - 1, 0, limit);
        return ids == null ? List.of() : ids.stream().map(JobId::of).toList();
    }

    @Override
    public Optional<Current> current(JobId job) {
        List<Object> values = redis.opsForHash().multiGet(RedisKeys.job(job), List.of(JobFields.STATE, JobFields.ATTEMPT));
        if (values.get(0) == null) {
            return Optional.empty();
        }
        return Optional.of(new Current(JobState.valueOf(values.get(0).toString()), Integer.parseInt(Objects.toString(values.get(1), "0"))));
    }

    /**
     * Settles the job's current attempt: {@code attempt} if it is still current (-1: whichever is),
     * while the job runs or is being cancelled; retried when the job moves under our feet.
     */
    private Optional<JobState> settleCurrent(JobId job, int attempt, Function<Map<String, String>, Outcome> outcomeOf,
            @Nullable WorkerId worker, Instant now, @Nullable Instant onlyIfLeaseExpiredBefore) {
        for (int race = 0; race < MAX_RACES; race++) {
            Map<String, String> record = read(job, SETTLE_FIELDS);
            String state = record.get(JobFields.STATE);
            if (state == null) {
                return Optional.empty();
            }
            JobState current = JobState.valueOf(state);
            int currentAttempt = Integer.parseInt(Objects.toString(record.get(JobFields.ATTEMPT), "0"));
            if ((attempt >= 0 && currentAttempt != attempt) || (current != JobState.RUNNING && current != JobState.CANCELLING)) {
                return Optional.empty();
            }
            int failures = Integer.parseInt(Objects.toString(record.get(JobFields.FAILURES), "0"));
            int maxAttempts = json.readValue(record.get(JobFields.SPEC), JobSpec.class).maxAttempts();
            Outcome outcome = outcomeOf.apply(record);
            Settlement.Decision decision = settlement.decide(current, currentAttempt, failures, maxAttempts, outcome, now);
            WorkerId owner = worker != null ? worker : WorkerId.of(Objects.toString(record.get(JobFields.WORKER), "unknown"));
            String answer = apply(settling(job, current, currentAttempt, decision, owner, now, onlyIfLeaseExpiredBefore));
            if (JobTransition.APPLIED.equals(answer)) {
                return Optional.of(decision.to());
            }
            if (answer == null || !answer.startsWith("CONFLICT") || answer.equals("CONFLICT lease renewed")) {
                return Optional.empty();
            }
        }
        log.error("Job {} kept changing while attempt {} was being settled; giving up", job, attempt);
        return Optional.empty();
    }

    private JobTransition settling(JobId job, JobState from, int attempt, Settlement.Decision decision, WorkerId worker,
            Instant now, @Nullable Instant onlyIfLeaseExpiredBefore) {
        String millis = String.valueOf(now.toEpochMilli());
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(JobFields.EXIT_CODE, decision.exitCode() == null ? "" : String.valueOf(decision.exitCode()));
        fields.put(JobFields.ERROR, decision.error() == null ? "" : decision.error());
        fields.put(JobFields.FINISHED_AT, decision.to().isTerminal() ? millis : "");
        fields.put(JobFields.UPDATED_AT, millis);
        fields.put(JobFields.FAILURES, String.valueOf(decision.failures()));
        String logEnd = decision.to().isTerminal()
                ? json.writeValueAsString(new JobEvent.LogEnd(job, attempt, decision.to(), decision.exitCode()))
                : null;
        return new JobTransition(job, from, attempt, decision.to(), attempt,
                stateEvent(job, attempt, from, decision.to(), worker, decision.exitCode(), decision.error(), now),
                fields,
                JobTransition.Change.DROP,
                decision.dispatchAt() == null ? JobTransition.Change.DROP : JobTransition.Change.until(decision.dispatchAt()),
                onlyIfLeaseExpiredBefore,
                logEnd);
    }

    private String stateEvent(JobId job, int attempt, JobState from, JobState to, WorkerId worker,
            @Nullable Integer exitCode, @Nullable String error, Instant now) {
        return json.writeValueAsString(new JobEvent.StateChanged(job, attempt, from, to, worker, exitCode, error, now));
    }

    private Map<String, String> read(JobId job, List<String> fields) {
        List<Object> values = redis.opsForHash().multiGet(RedisKeys.job(job), List.copyOf(fields));
        Map<String, String> record = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            if (values.get(i) != null) {
                record.put(fields.get(i), values.get(i).toString());
            }
        }
        return record;
    }

    private @Nullable String apply(JobTransition transition) {
        String answer = redis.execute(TRANSITION, transition.keys(), transition.arguments(retention.toMillis()).toArray());
        if (!JobTransition.APPLIED.equals(answer)) {
            log.info("Transition of job {} from {}@{} to {} not applied: {}", transition.jobId(), transition.from(),
                    transition.fromAttempt(), transition.to(), answer);
        }
        return answer;
    }
}
