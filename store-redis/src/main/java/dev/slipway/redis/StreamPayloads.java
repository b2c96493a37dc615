package dev.slipway.redis;

import dev.slipway.model.RedisKeys;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.StreamRecords;

/**
 * The one field ({@link RedisKeys#EVENT_FIELD}) of the entries of Slipway's byte streams (job
 * events and logs, terminal frames), read and written as bytes, never as text.
 */
public final class StreamPayloads {

    private static final byte[] FIELD = RedisKeys.EVENT_FIELD.getBytes(StandardCharsets.UTF_8);

    private StreamPayloads() {}

    /** The entry's payload, as stored; empty when it has none (byte[] keys compare by identity, so the map is searched by content). */
    public static byte[] of(ByteRecord record) {
        for (Map.Entry<byte[], byte[]> field : record.getValue().entrySet()) {
            if (Arrays.equals(field.getKey(), FIELD)) {
                return field.getValue();
            }
        }
        return new byte[0];
    }

    /** An entry holding {@code payload}, for the stream {@code key}. */
    public static ByteRecord entry(byte[] key, byte[] payload) {
        return StreamRecords.rawBytes(Map.of(FIELD, payload)).withStreamKey(key);
    }
}
