package dev.slipway.gateway.redis;

import dev.slipway.gateway.audit.AuditEntry;
import dev.slipway.gateway.audit.AuditLog;
import dev.slipway.gateway.config.GatewayProperties;
import dev.slipway.model.AuditRecord;
import dev.slipway.model.RedisKeys;
import dev.slipway.redis.LuaScripts;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The audit trail as the stream {@link RedisKeys#AUDIT}, one JSON entry per act. */
@Component
record RedisAuditLog(StringRedisTemplate redis, JsonMapper json, GatewayProperties properties, Clock clock)
        implements AuditLog {

    private static final RedisScript<String> APPEND = LuaScripts.load("redis/append-audit.lua", String.class);
    private static final String FIELD = AuditRecord.FIELD;
    /** A filtered page reads at most this many entries per entry it may return, then hands out a cursor. */
    private static final int SCAN_FACTOR = 20;

    @Override
    public void append(AuditEntry entry) {
        long oldest = clock.millis() - properties.audit().retention().toMillis();
        redis.execute(
                APPEND,
                List.of(RedisKeys.AUDIT),
                json.writeValueAsString(entry),
                String.valueOf(properties.audit().maxEntries()),
                oldest + "-0");
    }

    @Override
    public AuditPage page(@Nullable String actor, @Nullable String action, @Nullable String before, int limit) {
        List<AuditEntry> items = new ArrayList<>();
        String cursor = before;
        int budget = limit * SCAN_FACTOR;
        while (items.size() < limit && budget > 0) {
            Range<String> range =
                    cursor == null ? Range.unbounded() : Range.leftUnbounded(Range.Bound.exclusive(cursor));
            int batch = Math.min(budget, Math.max(limit, 100));
            List<MapRecord<String, Object, Object>> records = redis.opsForStream()
                    .reverseRange(RedisKeys.AUDIT, range, Limit.limit().count(batch));
            if (records == null || records.isEmpty()) {
                return new AuditPage(items, null);
            }
            budget -= records.size();
            for (MapRecord<String, Object, Object> record : records) {
                cursor = record.getId().getValue();
                AuditEntry entry = json.readValue(
                                String.valueOf(record.getValue().get(FIELD)), AuditEntry.class)
                        .withId(cursor);
                if ((actor == null || actor.equals(entry.actor()))
                        && (action == null || action.equals(entry.action()))) {
                    items.add(entry);
                    if (items.size() == limit) {
                        return new AuditPage(items, cursor);
                    }
                }
            }
            if (records.size() < batch) {
                return new AuditPage(items, null);
            }
        }
        return new AuditPage(items, cursor);
    }
}
