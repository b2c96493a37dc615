package dev.slipway.worker.redis;

import dev.slipway.model.RedisKeys;
import dev.slipway.model.TerminalWire;
import dev.slipway.model.WorkerId;
import dev.slipway.redis.StreamPayloads;
import dev.slipway.worker.terminal.TerminalInbox;
import dev.slipway.worker.terminal.TerminalInbox.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStreamCommands;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamInfo;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The worker's terminal inbox as one blocking {@code XREAD} over its requests stream and the input
 * streams of its sessions, on a connection of its own (a blocking read would hold up every other
 * command on a shared one).
 */
@Component
class RedisTerminalInbox implements TerminalInbox {

    private static final int READ_COUNT = 500;
    private static final long REQUESTS_KEPT = 1000;

    private final StringRedisTemplate redis;
    private final RedisConnectionFactory connections;
    private @Nullable RedisConnection reading;

    RedisTerminalInbox(StringRedisTemplate redis, RedisConnectionFactory connections) {
        this.redis = redis;
        this.connections = connections;
    }

    @Override
    public String latestRequest(WorkerId worker) {
        String key = RedisKeys.workerTerminalRequests(worker);
        if (!Boolean.TRUE.equals(redis.hasKey(key))) {
            return "0-0";
        }
        StreamInfo.XInfoStream info = redis.opsForStream().info(key);
        String last = info.lastGeneratedId();
        return last == null ? "0-0" : last;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized List<Inbound> read(
            WorkerId worker, String requestsAfter, Map<String, String> inputsAfter, Duration block) {
        String requestsKey = RedisKeys.workerTerminalRequests(worker);
        List<StreamOffset<byte[]>> offsets = new ArrayList<>();
        Map<String, String> sessionOfKey = new HashMap<>();
        offsets.add(StreamOffset.create(bytes(requestsKey), ReadOffset.from(requestsAfter)));
        inputsAfter.forEach((sessionId, after) -> {
            String key = RedisKeys.terminalInput(sessionId);
            sessionOfKey.put(key, sessionId);
            offsets.add(StreamOffset.create(bytes(key), ReadOffset.from(after)));
        });
        List<ByteRecord> records;
        try {
            if (reading == null) {
                reading = connections.getConnection();
            }
            records = reading.streamCommands()
                    .xRead(
                            StreamReadOptions.empty().block(block).count(READ_COUNT),
                            offsets.toArray(StreamOffset[]::new));
        } catch (RuntimeException e) {
            closeReading();
            throw e;
        }
        if (records == null || records.isEmpty()) {
            return List.of();
        }
        List<Inbound> inbound = new ArrayList<>(records.size());
        for (ByteRecord record : records) {
            String key = new String(record.getStream(), StandardCharsets.UTF_8);
            byte[] payload = StreamPayloads.of(record);
            String id = record.getId().getValue();
            if (key.equals(requestsKey)) {
                inbound.add(request(id, new String(payload, StandardCharsets.UTF_8)));
            } else {
                String sessionId = sessionOfKey.get(key);
                if (sessionId != null) {
                    inbound.add(new Inbound(Kind.INPUT, sessionId, id, payload));
                }
            }
        }
        return inbound;
    }

    /** {@code <session>} opens it; {@code close <session> <who>} ends it; empty only wakes. */
    private static Inbound request(String id, String text) {
        if (text.isEmpty()) {
            return new Inbound(Kind.WAKE, "", id, new byte[0]);
        }
        if (text.startsWith(TerminalWire.CLOSE_REQUEST)) {
            String rest = text.substring(TerminalWire.CLOSE_REQUEST.length());
            int space = rest.indexOf(' ');
            String sessionId = space < 0 ? rest : rest.substring(0, space);
            String who = space < 0 ? "" : rest.substring(space + 1);
            return new Inbound(Kind.CLOSE, sessionId, id, who.getBytes(StandardCharsets.UTF_8));
        }
        return new Inbound(Kind.OPEN, text, id, new byte[0]);
    }

    @Override
    public void wake(WorkerId worker) {
        byte[] key = bytes(RedisKeys.workerTerminalRequests(worker));
        redis.execute((RedisCallback<Object>) connection -> connection
                .streamCommands()
                .xAdd(
                        StreamPayloads.entry(key, new byte[0]),
                        RedisStreamCommands.XAddOptions.trim(RedisStreamCommands.TrimOptions.maxLen(REQUESTS_KEPT)
                                .approximate())));
    }

    private synchronized void closeReading() {
        if (reading != null) {
            try {
                reading.close();
            } catch (RuntimeException ignored) {
                // replaced on the next read
            }
            reading = null;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
