package dev.slipway.worker.redis;

import dev.slipway.model.AuditRecord;
import dev.slipway.model.RedisKeys;
import dev.slipway.model.TerminalSession;
import dev.slipway.model.WorkerId;
import dev.slipway.redis.StreamPayloads;
import dev.slipway.worker.terminal.TerminalStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.redis.connection.RedisStreamCommands;
import org.springframework.data.redis.connection.SetCondition;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Terminal sessions in Redis ({@link RedisKeys#terminal} and its streams). Output frames are
 * written as bytes, never as text, so that what the shell printed reaches the client unchanged.
 */
@Component
public record RedisTerminalStore(StringRedisTemplate redis, JsonMapper json, Clock clock) implements TerminalStore {

    /** The gateway waits a few seconds; an answer it did not take lapses after this. */
    private static final Duration ANSWER_LIFETIME = Duration.ofSeconds(60);

    @Override
    public Optional<TerminalSession> find(String sessionId) {
        String stored = redis.opsForValue().get(RedisKeys.terminal(sessionId));
        return stored == null ? Optional.empty() : Optional.of(json.readValue(stored, TerminalSession.class));
    }

    @Override
    public void save(TerminalSession session) {
        byte[] key = bytes(RedisKeys.terminal(session.id()));
        byte[] value = json.writeValueAsBytes(session);
        redis.execute((RedisCallback<Object>)
                connection -> connection.stringCommands().set(key, value, SetCondition.upsert(), Expiration.keepTtl()));
    }

    @Override
    public void answerOpen(String sessionId, String answer) {
        String key = RedisKeys.terminalOpened(sessionId);
        redis.opsForList().leftPush(key, answer);
        redis.expire(key, ANSWER_LIFETIME);
    }

    @Override
    public String appendOutput(String sessionId, byte[] frame) {
        byte[] key = bytes(RedisKeys.terminalOutput(sessionId));
        RecordId id = redis.execute((RedisCallback<RecordId>)
                connection -> connection.streamCommands().xAdd(StreamPayloads.entry(key, frame)));
        if (id == null) {
            throw new IllegalStateException("Redis answered no id for an output entry of session " + sessionId);
        }
        return id.getValue();
    }

    @Override
    public void trimOutput(String sessionId, String minId) {
        byte[] key = bytes(RedisKeys.terminalOutput(sessionId));
        redis.execute((RedisCallback<Object>) connection -> connection
                .streamCommands()
                .xTrim(
                        key,
                        RedisStreamCommands.XTrimOptions.trim(
                                RedisStreamCommands.TrimOptions.minId(RecordId.of(minId)))));
    }

    @Override
    public void hold(WorkerId worker, TerminalSession session) {
        redis.opsForSet().add(RedisKeys.workerTerminals(worker), session.id());
        redis.opsForSet().add(RedisKeys.environmentTerminals(session.environmentId()), session.id());
    }

    @Override
    public Set<String> heldBy(WorkerId worker) {
        Set<String> ids = redis.opsForSet().members(RedisKeys.workerTerminals(worker));
        return ids == null ? Set.of() : ids;
    }

    @Override
    public void release(WorkerId worker, TerminalSession session, Duration keep) {
        redis.opsForSet().remove(RedisKeys.workerTerminals(worker), session.id());
        redis.opsForSet().remove(RedisKeys.environmentTerminals(session.environmentId()), session.id());
        for (String key : List.of(
                RedisKeys.terminal(session.id()),
                RedisKeys.terminalInput(session.id()),
                RedisKeys.terminalOutput(session.id()))) {
            redis.expire(key, keep);
        }
    }

    @Override
    public void audit(String actor, String action, String target, String outcome, String source) {
        AuditRecord entry = new AuditRecord(clock.instant(), actor, null, action, target, outcome, source);
        redis.opsForStream()
                .add(StreamRecords.string(Map.of(AuditRecord.FIELD, json.writeValueAsString(entry)))
                        .withStreamKey(RedisKeys.AUDIT));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
