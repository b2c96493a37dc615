package dev.slipway.gateway.redis;

import dev.slipway.gateway.identity.ApiToken;
import dev.slipway.gateway.identity.TokenStore;
import dev.slipway.model.RedisKeys;
import dev.slipway.redis.LuaScripts;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tokens under {@code slipway:token:{sha256}} (the lookup, expiring with the token) and, per user,
 * {@code slipway:user:{name}:tokens} (the list, never with a secret).
 */
@Component
record RedisTokenStore(StringRedisTemplate redis, JsonMapper json, Clock clock) implements TokenStore {

    private static final RedisScript<Long> ADD = LuaScripts.load("redis/add-token.lua", Long.class);
    private static final RedisScript<Long> REVOKE = LuaScripts.load("redis/revoke-token.lua", Long.class);
    private static final RedisScript<Long> TOUCH = LuaScripts.load("redis/touch-token.lua", Long.class);
    private static final String TOKEN_PREFIX = RedisKeys.token("");

    /** What the user's list keeps of a token: all but its last use, and the hash that finds its lookup. */
    record Entry(String id, String name, String user, long createdAt, long expiresAt, String hash) {}

    @Override
    public void add(ApiToken token, String secretHash) {
        Entry entry = new Entry(
                token.id(),
                token.name(),
                token.user(),
                token.createdAt().toEpochMilli(),
                token.expiresAt().toEpochMilli(),
                secretHash);
        redis.execute(
                ADD,
                List.of(RedisKeys.token(secretHash), RedisKeys.userTokens(token.user())),
                token.id(),
                json.writeValueAsString(entry),
                String.valueOf(entry.expiresAt()),
                "id",
                token.id(),
                "name",
                token.name(),
                "user",
                token.user(),
                "createdAt",
                String.valueOf(entry.createdAt()),
                "expiresAt",
                String.valueOf(entry.expiresAt()));
    }

    @Override
    public Optional<ApiToken> findByHash(String secretHash) {
        Map<String, String> hash = redis.<String, String>opsForHash().entries(RedisKeys.token(secretHash));
        if (hash.isEmpty() || hash.get("id") == null || hash.get("user") == null) {
            return Optional.empty();
        }
        return Optional.of(new ApiToken(
                hash.get("id"),
                hash.getOrDefault("name", ""),
                hash.get("user"),
                Instant.ofEpochMilli(Long.parseLong(hash.getOrDefault("createdAt", "0"))),
                Instant.ofEpochMilli(Long.parseLong(hash.getOrDefault("expiresAt", "0"))),
                millis(hash.get("lastUsedAt"))));
    }

    @Override
    public List<ApiToken> list(String user) {
        Map<String, String> entries = redis.<String, String>opsForHash().entries(RedisKeys.userTokens(user));
        long now = clock.millis();
        List<Entry> live = new ArrayList<>();
        for (Map.Entry<String, String> stored : entries.entrySet()) {
            Entry entry = json.readValue(stored.getValue(), Entry.class);
            if (entry.expiresAt() > now) {
                live.add(entry);
            } else { // its lookup expired by itself; the list entry goes now
                redis.opsForHash().delete(RedisKeys.userTokens(user), stored.getKey());
            }
        }
        List<Object> lastUses = redis.executePipelined(new SessionCallback<@Nullable Object>() {
            @Override
            @SuppressWarnings("unchecked")
            public <K, V> @Nullable Object execute(RedisOperations<K, V> operations) {
                for (Entry entry : live) {
                    operations.opsForHash().get((K) RedisKeys.token(entry.hash()), "lastUsedAt");
                }
                return null;
            }
        });
        List<ApiToken> tokens = new ArrayList<>();
        for (int i = 0; i < live.size(); i++) {
            Entry entry = live.get(i);
            Object lastUse = lastUses.get(i);
            tokens.add(new ApiToken(
                    entry.id(),
                    entry.name(),
                    entry.user(),
                    Instant.ofEpochMilli(entry.createdAt()),
                    Instant.ofEpochMilli(entry.expiresAt()),
                    lastUse == null ? null : millis(lastUse.toString())));
        }
        tokens.sort(Comparator.comparing(ApiToken::createdAt).reversed());
        return tokens;
    }

    @Override
    public boolean revoke(String user, String id) {
        return Long.valueOf(1).equals(redis.execute(REVOKE, List.of(RedisKeys.userTokens(user)), id, TOKEN_PREFIX));
    }

    @Override
    public void touch(String secretHash, Instant at) {
        redis.execute(TOUCH, List.of(RedisKeys.token(secretHash)), String.valueOf(at.toEpochMilli()));
    }

    private static @Nullable Instant millis(@Nullable String value) {
        return value == null || value.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(value));
    }
}
