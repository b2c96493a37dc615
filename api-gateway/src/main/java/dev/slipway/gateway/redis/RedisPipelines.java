package dev.slipway.gateway.redis;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Many commands in one round trip: a Lua script run many times, or many hashes read, with every
 * command sent before any answer is awaited, and each getting its own answer or its own error.
 *
 * <p>The calls go on the connection all the gateway's non-blocking commands share, through Lettuce's
 * asynchronous API. Spring Data's own pipelines do not fit: they open a dedicated connection per
 * pipeline when no pool is configured (and a pool would also cap the blocking reads that hold their
 * connections for seconds), and when one command of a pipeline fails they report the first error
 * for the whole pipeline, losing the answers of the others; one job over its owner's limit must not
 * fail a batch of other people's jobs.
 */
@Component
class RedisPipelines {

    /** One script call: its keys and arguments. */
    record Call(List<String> keys, List<String> args) {}

    private final RedisConnectionFactory factory;
    private final Duration timeout;

    RedisPipelines(RedisConnectionFactory factory, @Value("${spring.data.redis.timeout:5s}") Duration timeout) {
        this.factory = factory;
        this.timeout = timeout;
    }

    /**
     * Each call's reply in order: what the script returned (a list of raw bytes, a number) or, for a
     * call that failed, its exception. A call that found the script missing from Redis's cache (a
     * restart, a SCRIPT FLUSH) did nothing, and is sent again once the script is loaded.
     *
     * @throws DataAccessException when the calls could not be sent at all
     */
    List<@Nullable Object> run(RedisScript<?> script, List<Call> calls) {
        try (RedisConnection connection = factory.getConnection()) {
            RedisClusterAsyncCommands<byte[], byte[]> redis = commands(connection);
            List<@Nullable Object> replies = await(send(redis, script, calls));
            List<Integer> unknownScript = new ArrayList<>();
            for (int i = 0; i < replies.size(); i++) {
                if (replies.get(i) instanceof RedisSystemException e
                        && e.getCause() instanceof RedisNoScriptException) {
                    unknownScript.add(i);
                }
            }
            if (!unknownScript.isEmpty()) {
                await(List.of(redis.scriptLoad(script.getScriptAsString().getBytes(StandardCharsets.UTF_8))));
                List<@Nullable Object> again = await(send(
                        redis, script, unknownScript.stream().map(calls::get).toList()));
                for (int i = 0; i < unknownScript.size(); i++) {
                    replies.set(unknownScript.get(i), again.get(i));
                }
            }
            return replies;
        }
    }

    /**
     * Several hashes' fields in one round trip: for each key, the values of {@code fields} in their
     * order (null for a field or hash that is not there).
     *
     * @throws DataAccessException when Redis could not be asked or did not answer
     */
    List<List<@Nullable String>> hashFields(List<String> keys, List<String> fields) {
        byte[][] names = bytes(fields);
        try (RedisConnection connection = factory.getConnection()) {
            RedisClusterAsyncCommands<byte[], byte[]> redis = commands(connection);
            List<CompletionStage<?>> sent = new ArrayList<>(keys.size());
            for (String key : keys) {
                sent.add(redis.hmget(key.getBytes(StandardCharsets.UTF_8), names));
            }
            List<List<@Nullable String>> values = new ArrayList<>(keys.size());
            for (Object reply : await(sent)) {
                if (reply instanceof RuntimeException failure) {
                    throw failure;
                }
                List<@Nullable String> hash = new ArrayList<>(fields.size());
                for (Object field : (List<?>) Objects.requireNonNull(reply)) {
                    KeyValue<?, ?> value = (KeyValue<?, ?>) field;
                    hash.add(value.hasValue() ? new String((byte[]) value.getValue(), StandardCharsets.UTF_8) : null);
                }
                values.add(hash);
            }
            return values;
        }
    }

    /** The connection every non-blocking command shares, unless the factory is set not to share one. */
    @SuppressWarnings("unchecked")
    private static RedisClusterAsyncCommands<byte[], byte[]> commands(RedisConnection connection) {
        return (RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection();
    }

    private static List<CompletionStage<?>> send(
            RedisClusterAsyncCommands<byte[], byte[]> redis, RedisScript<?> script, List<Call> calls) {
        ScriptOutputType type = outputType(script.getResultType());
        String sha = script.getSha1();
        List<CompletionStage<?>> sent = new ArrayList<>(calls.size());
        for (Call call : calls) {
            sent.add(redis.evalsha(sha, type, bytes(call.keys()), bytes(call.args())));
        }
        return sent;
    }

    /** Waits for every answer within one command timeout for the lot. */
    private List<@Nullable Object> await(List<CompletionStage<?>> sent) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<@Nullable Object> replies = new ArrayList<>(sent.size());
        for (CompletionStage<?> reply : sent) {
            try {
                replies.add(reply.toCompletableFuture()
                        .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                Throwable refusal = cause != null ? cause : e;
                replies.add(new RedisSystemException("Redis refused a script call: " + refusal.getMessage(), refusal));
            } catch (TimeoutException e) {
                replies.add(new QueryTimeoutException("Redis did not answer a script call within " + timeout, e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                replies.add(new QueryTimeoutException("interrupted waiting for Redis", e));
            }
        }
        return replies;
    }

    private static ScriptOutputType outputType(@Nullable Class<?> resultType) {
        if (resultType == null) {
            return ScriptOutputType.STATUS;
        }
        if (List.class.isAssignableFrom(resultType)) {
            return ScriptOutputType.MULTI;
        }
        if (Long.class.equals(resultType) || Boolean.class.equals(resultType)) {
            return ScriptOutputType.INTEGER;
        }
        return ScriptOutputType.VALUE;
    }

    private static byte[][] bytes(List<String> texts) {
        byte[][] bytes = new byte[texts.size()][];
        for (int i = 0; i < texts.size(); i++) {
            bytes[i] = texts.get(i).getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }

    /** A script's list reply as text (the asynchronous API hands its elements back as raw bytes). */
    static @Nullable List<String> texts(@Nullable Object reply) {
        if (!(reply instanceof List<?> elements)) {
            return null;
        }
        List<String> texts = new ArrayList<>(elements.size());
        for (Object element : elements) {
            texts.add(
                    element instanceof byte[] raw ? new String(raw, StandardCharsets.UTF_8) : String.valueOf(element));
        }
        return texts;
    }
}
