package dev.slipway.worker.redis;

import dev.slipway.model.JobEvent;
import dev.slipway.model.JobFields;
import dev.slipway.model.JobId;
import dev.slipway.model.JobState;
import dev.slipway.model.RedisKeys;
import dev.slipway.model.WorkerId;
import dev.slipway.worker.execution.JobStateStore;
import dev.slipway.worker.config.WorkerProperties;
import dev.slipway.worker.execution.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Job state changes as atomic compare-and-set scripts over the layout in {@link RedisKeys}. */
@Repository
class RedisJobStateStore implements JobStateStore {

    private static final Logger log = LoggerFactory.getLogger(RedisJobStateStore.class);
    private static final int GLOBAL_EVENTS_MAX_LENGTH = 100_000;
    private static final RedisScript<String> TRANSITION =
            RedisScript.of(new ClassPathResource("redis/transition.lua"), String.class);

    private final StringRedisTemplate redis;
    private final JsonMapper json;

    private final Duration retention;

    RedisJobStateStore(StringRedisTemplate redis, JsonMapper json, WorkerProperties properties) {
        this.redis = redis;
        this.json = json;
        this.retention = properties.retention();
    }

    @Override
    public Optional<Integer> claim(JobId job, WorkerId worker, Instant now) {
        List<Object> current = redis.opsForHash().multiGet(RedisKeys.job(job), List.of(JobFields.STATE, JobFields.ATTEMPT));
        if (!JobState.QUEUED.name().equals(current.get(0))) {
            return Optional.empty();
        }
        int previous = Integer.parseInt(Objects.toString(current.get(1), "0"));
        int attempt = previous + 1;
        String millis = String.valueOf(now.toEpochMilli());
        boolean claimed = transition(job, JobState.QUEUED, previous, JobState.RUNNING, attempt,
                new JobEvent.StateChanged(job, attempt, JobState.QUEUED, JobState.RUNNING, worker, null, null, now),
                JobFields.WORKER, worker.value(),
                JobFields.STARTED_AT, millis,
                JobFields.UPDATED_AT, millis,
                JobFields.EXIT_CODE, "",
                JobFields.ERROR, "",
                JobFields.FINISHED_AT, "");
        return claimed ? Optional.of(attempt) : Optional.empty();
    }

    @Override
    public boolean finish(JobId job, int attempt, JobState from, Outcome outcome, WorkerId worker, Instant now) {
        String millis = String.valueOf(now.toEpochMilli());
        return transition(job, from, attempt, outcome.state(), attempt,
                new JobEvent.StateChanged(job, attempt, from, outcome.state(), worker, outcome.exitCode(), outcome.error(), now),
                JobFields.EXIT_CODE, outcome.exitCode() == null ? "" : String.valueOf(outcome.exitCode()),
                JobFields.ERROR, outcome.error() == null ? "" : outcome.error(),
                JobFields.FINISHED_AT, outcome.state().isTerminal() ? millis : "",
                JobFields.UPDATED_AT, millis);
    }

    @Override
    public Optional<JobState> state(JobId job) {
        Object state = redis.opsForHash().get(RedisKeys.job(job), JobFields.STATE);
        return state == null ? Optional.empty() : Optional.of(JobState.valueOf(state.toString()));
    }

    private boolean transition(
            JobId job, JobState from, int fromAttempt, JobState to, int toAttempt, JobEvent event, String... fields) {
        if (!from.canTransitionTo(to)) {
            log.error("Refused illegal transition of job {} from {} to {}", job, from, to);
            return false;
        }
        List<String> args = new ArrayList<>(List.of(
                job.value(),
                from.name(),
                String.valueOf(fromAttempt),
                to.name(),
                String.valueOf(toAttempt),
                json.writeValueAsString(event),
                String.valueOf(GLOBAL_EVENTS_MAX_LENGTH),
                String.valueOf(retention.toMillis()),
                to.isTerminal() ? "1" : "0"));
        args.addAll(List.of(fields));
        String result = redis.execute(
                TRANSITION,
                List.of(RedisKeys.job(job), RedisKeys.jobEvents(job), RedisKeys.GLOBAL_EVENTS,
                        RedisKeys.jobsInState(from), RedisKeys.jobsInState(to), RedisKeys.jobLog(job)),
                args.toArray());
        if (!"OK".equals(result)) {
            log.warn("Transition of job {} from {}@{} to {} refused: {}", job, from, fromAttempt, to, result);
            return false;
        }
        return true;
    }
}
