package dev.slipway.gateway.redis;

import dev.slipway.gateway.stream.EventStreams;
import dev.slipway.gateway.stream.StreamEntry;
import dev.slipway.gateway.stream.StreamIds;
import dev.slipway.redis.StreamPayloads;
import io.github.resilience4j.core.IntervalFunction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamInfo;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Redis streams for {@link EventStreams}. Live entries come from one reader thread per gateway that
 * issues a single blocking XREAD over every watched stream (plain XREAD, not a consumer group: each
 * gateway must see every entry) and fans them out in memory. For each stream it reads from the
 * oldest position any subscriber still needs, so a late subscriber costs one re-read, not a connection.
 * On a Redis error it backs off and reconnects; subscribers keep their positions and miss nothing.
 */
@Component
class RedisEventStreams implements EventStreams, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RedisEventStreams.class);
    private static final Duration BLOCK = Duration.ofMillis(250);
    private static final int READ_COUNT = 1000;
    /** Between tries to read again after a Redis error: 100 ms, doubling, at most 2 s. */
    private static final IntervalFunction RECONNECT =
            IntervalFunction.ofExponentialBackoff(Duration.ofMillis(100), 2, Duration.ofSeconds(2));

    private final StringRedisTemplate redis;
    private final RedisConnectionFactory connections;
    private final Map<String, Set<LiveSubscription>> subscriptions = new ConcurrentHashMap<>();
    private volatile boolean running;
    private @Nullable Thread reader;

    RedisEventStreams(StringRedisTemplate redis, RedisConnectionFactory connections) {
        this.redis = redis;
        this.connections = connections;
    }

    @Override
    public List<StreamEntry> readAfter(String key, @Nullable String afterId, int count) {
        Range<String> range = afterId == null || afterId.equals(BEGINNING)
                ? Range.unbounded()
                : Range.rightUnbounded(Range.Bound.exclusive(afterId));
        Limit limit =
                count == Integer.MAX_VALUE ? Limit.unlimited() : Limit.limit().count(count);
        byte[] rawKey = key.getBytes(StandardCharsets.UTF_8);
        List<ByteRecord> records = redis.execute((RedisCallback<List<ByteRecord>>)
                connection -> connection.streamCommands().xRange(rawKey, range, limit));
        if (records == null) {
            return List.of();
        }
        List<StreamEntry> entries = new ArrayList<>(records.size());
        for (ByteRecord record : records) {
            entries.add(new StreamEntry(record.getId().getValue(), StreamPayloads.of(record)));
        }
        return entries;
    }

    @Override
    public @Nullable String lastId(String key) {
        if (!Boolean.TRUE.equals(redis.hasKey(key))) {
            return null;
        }
        StreamInfo.XInfoStream info = redis.opsForStream().info(key);
        return info.lastGeneratedId();
    }

    @Override
    public Subscription subscribe(String key, String afterId, Consumer<StreamEntry> listener) {
        LiveSubscription subscription = new LiveSubscription(key, afterId, listener);
        subscriptions.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(subscription);
        return subscription;
    }

    private final class LiveSubscription implements Subscription {
        final String key;
        final Consumer<StreamEntry> listener;
        volatile String position;

        LiveSubscription(String key, String position, Consumer<StreamEntry> listener) {
            this.key = key;
            this.position = position;
            this.listener = listener;
        }

        @Override
        public void close() {
            subscriptions.computeIfPresent(key, (k, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
        }
    }

    private void readLoop() {
        int failures = 0;
        RedisConnection connection = null;
        while (running) {
            try {
                if (subscriptions.isEmpty()) {
                    Thread.sleep(BLOCK.toMillis() / 5);
                    continue;
                }
                if (connection == null) {
                    connection = connections.getConnection();
                }
                readOnce(connection);
                if (failures > 0) {
                    log.info("Reading event streams from Redis again");
                    failures = 0;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (failures == 0) {
                    log.warn("Reading event streams from Redis failed; retrying: {}", e.toString());
                }
                closeQuietly(connection);
                connection = null;
                sleepQuietly(RECONNECT.apply(++failures));
            }
        }
        closeQuietly(connection);
    }

    @SuppressWarnings("unchecked")
    private void readOnce(RedisConnection connection) {
        List<StreamOffset<byte[]>> offsets = new ArrayList<>();
        Map<String, String> readFrom = new HashMap<>();
        for (Map.Entry<String, Set<LiveSubscription>> watched : subscriptions.entrySet()) {
            String oldest = null;
            for (LiveSubscription subscription : watched.getValue()) {
                if (oldest == null || StreamIds.compare(subscription.position, oldest) < 0) {
                    oldest = subscription.position;
                }
            }
            if (oldest != null) {
                readFrom.put(watched.getKey(), oldest);
                offsets.add(StreamOffset.create(
                        watched.getKey().getBytes(StandardCharsets.UTF_8), ReadOffset.from(oldest)));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        List<ByteRecord> records = connection
                .streamCommands()
                .xRead(StreamReadOptions.empty().block(BLOCK).count(READ_COUNT), offsets.toArray(StreamOffset[]::new));
        if (records == null) {
            return;
        }
        for (ByteRecord record : records) {
            String key = new String(record.getStream(), StandardCharsets.UTF_8);
            String id = record.getId().getValue();
            StreamEntry entry = new StreamEntry(id, StreamPayloads.of(record));
            String from = readFrom.get(key);
            for (LiveSubscription subscription : subscriptions.getOrDefault(key, Set.of())) {
                // A subscriber that joined behind this read's start would skip the entries in
                // between; it keeps its position and the next read starts from there.
                boolean coveredByThisRead = from != null && StreamIds.compare(subscription.position, from) >= 0;
                if (coveredByThisRead && StreamIds.compare(id, subscription.position) > 0) {
                    subscription.listener.accept(entry);
                    subscription.position = id;
                }
            }
        }
    }

    @Override
    public void start() {
        running = true;
        reader = Thread.ofPlatform().daemon().name("redis-event-streams").start(this::readLoop);
    }

    @Override
    public void stop() {
        running = false;
        if (reader != null) {
            reader.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static void closeQuietly(@Nullable RedisConnection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException ignored) {
                // the connection is being replaced
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
