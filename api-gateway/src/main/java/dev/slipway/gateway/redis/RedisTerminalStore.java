package dev.slipway.gateway.redis;

import dev.slipway.gateway.terminal.TerminalStore;
import dev.slipway.gateway.terminal.TerminalTicket;
import dev.slipway.model.EnvironmentId;
import dev.slipway.model.RedisKeys;
import dev.slipway.model.TerminalSession;
import dev.slipway.model.TerminalWire;
import dev.slipway.redis.StreamPayloads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisStreamCommands;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Terminal sessions in Redis ({@link RedisKeys#terminal} and its streams). Frames go into and come
 * out of the streams as bytes, never as text. A ticket is stored by the SHA-256 of its secret and
 * taken with {@code GETDEL}, so that two clients racing with one ticket cannot both attach.
 */
@Component
record RedisTerminalStore(StringRedisTemplate redis, JsonMapper json) implements TerminalStore {

    /** Input the worker has not read stays; a session that far behind is stuck anyway. */
    private static final long INPUT_KEPT = 10_000;

    private static final long REQUESTS_KEPT = 1000;
    private static final int REPLAY_PAGE = 64;

    @Override
    public void create(TerminalSession session, Duration keep) {
        redis.opsForValue().set(RedisKeys.terminal(session.id()), json.writeValueAsString(session), keep);
        for (String stream :
                java.util.List.of(RedisKeys.terminalInput(session.id()), RedisKeys.terminalOutput(session.id()))) {
            // made now, empty, so that they lapse with the record even if their worker never ends them
            byte[] key = stream.getBytes(StandardCharsets.UTF_8);
            redis.execute((RedisCallback<Object>) connection -> {
                connection.streamCommands().xAdd(StreamPayloads.entry(key, new byte[0]));
                connection.streamCommands().xTrim(key, 0);
                return connection.keyCommands().expire(key, keep.toSeconds());
            });
        }
        append(
                RedisKeys.workerTerminalRequests(session.workerId()),
                session.id().getBytes(StandardCharsets.UTF_8),
                REQUESTS_KEPT);
    }

    @Override
    public Optional<String> awaitOpened(String sessionId, Duration patience) {
        return ListWaits.pop(redis, RedisKeys.terminalOpened(sessionId), patience);
    }

    @Override
    public Optional<TerminalSession> find(String sessionId) {
        String stored = redis.opsForValue().get(RedisKeys.terminal(sessionId));
        return stored == null ? Optional.empty() : Optional.of(json.readValue(stored, TerminalSession.class));
    }

    @Override
    public List<TerminalSession> ofEnvironment(EnvironmentId environment) {
        Set<String> ids = redis.opsForSet().members(RedisKeys.environmentTerminals(environment));
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        List<@Nullable String> stored = redis.opsForValue()
                .multiGet(ids.stream().map(RedisKeys::terminal).toList());
        if (stored == null) {
            return List.of();
        }
        return stored.stream()
                .filter(Objects::nonNull)
                .map(value -> json.readValue(value, TerminalSession.class))
                .sorted((a, b) -> a.createdAt().compareTo(b.createdAt()))
                .toList();
    }

    @Override
    public void saveTicket(String secretHash, TerminalTicket ticket, Duration ttl) {
        redis.opsForValue().set(RedisKeys.terminalTicket(secretHash), json.writeValueAsString(ticket), ttl);
    }

    @Override
    public Optional<TerminalTicket> takeTicket(String secretHash) {
        String stored = redis.opsForValue().getAndDelete(RedisKeys.terminalTicket(secretHash));
        return stored == null ? Optional.empty() : Optional.of(json.readValue(stored, TerminalTicket.class));
    }

    @Override
    public void requestClose(TerminalSession session, String who) {
        append(
                RedisKeys.workerTerminalRequests(session.workerId()),
                TerminalWire.closeRequest(session.id(), who).getBytes(StandardCharsets.UTF_8),
                REQUESTS_KEPT);
    }

    @Override
    public void sendInput(String sessionId, byte[] frame) {
        append(RedisKeys.terminalInput(sessionId), frame, INPUT_KEPT);
    }

    @Override
    public Replay replay(String sessionId, long bytes) {
        byte[] key = RedisKeys.terminalOutput(sessionId).getBytes(StandardCharsets.UTF_8);
        List<byte[]> newestFirst = new ArrayList<>();
        String newest = null;
        long gathered = 0;
        Range<String> range = Range.unbounded();
        while (gathered < bytes) {
            Range<String> page = range;
            List<ByteRecord> records = redis.execute((RedisCallback<List<ByteRecord>>) connection -> connection
                    .streamCommands()
                    .xRevRange(key, page, Limit.limit().count(REPLAY_PAGE)));
            if (records == null || records.isEmpty()) {
                break;
            }
            for (ByteRecord record : records) {
                if (newest == null) {
                    newest = record.getId().getValue();
                }
                byte[] frame = StreamPayloads.of(record);
                newestFirst.add(frame);
                gathered += frame.length - 1;
                if (gathered >= bytes) {
                    break;
                }
            }
            if (records.size() < REPLAY_PAGE) {
                break;
            }
            range = Range.leftUnbounded(
                    Range.Bound.exclusive(records.getLast().getId().getValue()));
        }
        Collections.reverse(newestFirst);
        return new Replay(newestFirst, newest == null ? "0-0" : newest);
    }

    private void append(String key, byte[] payload, long kept) {
        byte[] raw = key.getBytes(StandardCharsets.UTF_8);
        redis.execute((RedisCallback<Object>) connection -> connection
                .streamCommands()
                .xAdd(
                        StreamPayloads.entry(raw, payload),
                        RedisStreamCommands.XAddOptions.trim(
                                RedisStreamCommands.TrimOptions.maxLen(kept).approximate())));
    }
}
