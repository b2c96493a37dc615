package dev.slipway.gateway.redis;

import dev.slipway.gateway.config.GatewayProperties;
import dev.slipway.gateway.job.JobStore.CancelResult;
import dev.slipway.model.JobEvent;
import dev.slipway.model.JobFields;
import dev.slipway.model.JobId;
import dev.slipway.model.JobState;
import dev.slipway.model.JobTransition;
import dev.slipway.model.LuaScriptText;
import dev.slipway.model.RedisKeys;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cancels through the same compare-and-set script the workers use, so a cancel racing a claim or
 * the end of an attempt is decided by whichever lands first, and read again when it lost the race.
 * A running job is only marked CANCELLING here: its worker stops the container (SIGTERM, grace,
 * SIGKILL) and records CANCELLED. The pub/sub signal makes that prompt; the worker's heartbeat,
 * which reads the state, makes it certain.
 */
@Component
class RedisCancellation {

    private static final Logger log = LoggerFactory.getLogger(RedisCancellation.class);
    private static final RedisScript<String> TRANSITION = RedisScript.of(LuaScriptText.read(JobTransition.SCRIPT), String.class);
    private static final int MAX_RACES = 10;

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final GatewayProperties properties;

    RedisCancellation(StringRedisTemplate redis, JsonMapper json, GatewayProperties properties) {
        this.redis = redis;
        this.json = json;
        this.properties = properties;
    }

    CancelResult cancel(JobId id, Instant now) {
        for (int race = 0; race < MAX_RACES; race++) {
            List<Object> current = redis.opsForHash().multiGet(RedisKeys.job(id), List.of(JobFields.STATE, JobFields.ATTEMPT));
            if (current.get(0) == null) {
                return new CancelResult(CancelResult.Outcome.NOT_FOUND, JobState.CANCELLED);
            }
            JobState state = JobState.valueOf(current.get(0).toString());
            int attempt = Integer.parseInt(Objects.toString(current.get(1), "0"));
            switch (state) {
                case QUEUED -> {
                    if (apply(cancelQueued(id, attempt, now))) {
                        return new CancelResult(CancelResult.Outcome.CANCELLED, JobState.CANCELLED);
                    }
                }
                case RUNNING -> {
                    if (apply(markCancelling(id, attempt, now))) {
                        redis.convertAndSend(RedisKeys.CONTROL_CHANNEL, RedisKeys.CANCEL_PREFIX + id.value());
                        return new CancelResult(CancelResult.Outcome.CANCELLING, JobState.CANCELLING);
                    }
                }
                case CANCELLING -> {
                    return new CancelResult(CancelResult.Outcome.CANCELLING, JobState.CANCELLING);
                }
                case SUCCEEDED, FAILED, CANCELLED, TIMED_OUT -> {
                    return new CancelResult(CancelResult.Outcome.ALREADY_FINISHED, state);
                }
            }
        }
        throw new IllegalStateException("job " + id + " kept changing while it was being cancelled");
    }

    private JobTransition cancelQueued(JobId id, int attempt, Instant now) {
        String error = "cancelled on request before it ran";
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(JobFields.ERROR, error);
        fields.put(JobFields.CANCEL_REQUESTED_AT, millis(now));
        fields.put(JobFields.FINISHED_AT, millis(now));
        fields.put(JobFields.UPDATED_AT, millis(now));
        return new JobTransition(id, JobState.QUEUED, attempt, JobState.CANCELLED, attempt,
                event(id, attempt, JobState.QUEUED, JobState.CANCELLED, error, now), fields,
                JobTransition.Change.DROP, JobTransition.Change.DROP, null,
                json.writeValueAsString(new JobEvent.LogEnd(id, attempt, JobState.CANCELLED, null)));
    }

    private JobTransition markCancelling(JobId id, int attempt, Instant now) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(JobFields.CANCEL_REQUESTED_AT, millis(now));
        fields.put(JobFields.UPDATED_AT, millis(now));
        return new JobTransition(id, JobState.RUNNING, attempt, JobState.CANCELLING, attempt,
                event(id, attempt, JobState.RUNNING, JobState.CANCELLING, null, now), fields,
                JobTransition.Change.KEEP, JobTransition.Change.KEEP, null, null);
    }

    private String event(JobId id, int attempt, JobState from, JobState to, @Nullable String error, Instant now) {
        return json.writeValueAsString(new JobEvent.StateChanged(id, attempt, from, to, null, null, error, now));
    }

    private boolean apply(JobTransition transition) {
        String answer = redis.execute(TRANSITION, transition.keys(),
                transition.arguments(properties.retention().toMillis()).toArray());
        if (!JobTransition.APPLIED.equals(answer)) {
            log.info("Cancel of job {} raced another change ({}); reading it again", transition.jobId(), answer);
            return false;
        }
        return true;
    }

    private static String millis(Instant time) {
        return String.valueOf(time.toEpochMilli());
    }
}
