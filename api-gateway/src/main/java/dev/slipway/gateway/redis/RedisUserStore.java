package dev.slipway.gateway.redis;

import dev.slipway.gateway.identity.Quotas;
import dev.slipway.gateway.identity.Role;
import dev.slipway.gateway.identity.User;
import dev.slipway.gateway.identity.UserStore;
import dev.slipway.model.RedisKeys;
import dev.slipway.redis.LuaScripts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/** Users as {@code slipway:user:{name}} hashes, indexed by {@code slipway:users}. */
@Component
record RedisUserStore(StringRedisTemplate redis) implements UserStore {

    private static final RedisScript<Long> CREATE = LuaScripts.load("redis/create-user.lua", Long.class);
    private static final RedisScript<Long> UPDATE = LuaScripts.load("redis/update-user.lua", Long.class);
    private static final RedisScript<Long> DELETE = LuaScripts.load("redis/delete-user.lua", Long.class);
    private static final String TOKEN_PREFIX = RedisKeys.token("");

    @Override
    public boolean create(User user) {
        List<String> args = new ArrayList<>(List.of(user.name()));
        args.addAll(fields(user));
        return Long.valueOf(1)
                .equals(redis.execute(CREATE, List.of(RedisKeys.user(user.name()), RedisKeys.USERS), args.toArray()));
    }

    @Override
    public Optional<User> find(String name) {
        Map<String, String> hash = redis.<String, String>opsForHash().entries(RedisKeys.user(name));
        return hash.isEmpty() ? Optional.empty() : Optional.of(decode(hash));
    }

    @Override
    public List<User> list() {
        Set<String> names = redis.opsForZSet().range(RedisKeys.USERS, 0, -1);
        if (names == null) {
            return List.of();
        }
        return names.stream().map(this::find).flatMap(Optional::stream).toList();
    }

    @Override
    public boolean update(User user) {
        return Long.valueOf(1)
                .equals(redis.execute(
                        UPDATE,
                        List.of(RedisKeys.user(user.name())),
                        fields(user).toArray()));
    }

    @Override
    public boolean delete(String name) {
        return Long.valueOf(1)
                .equals(redis.execute(
                        DELETE,
                        List.of(RedisKeys.user(name), RedisKeys.userTokens(name), RedisKeys.USERS),
                        name,
                        TOKEN_PREFIX));
    }

    @Override
    public boolean claimBootstrap() {
        return Boolean.TRUE.equals(
                redis.opsForValue().setIfAbsent(RedisKeys.BOOTSTRAP, String.valueOf(System.currentTimeMillis())));
    }

    private static List<String> fields(User user) {
        Quotas quotas = user.quotas();
        return List.of(
                "name", user.name(),
                "role", user.role().apiName(),
                "disabled", String.valueOf(user.disabled()),
                "maxActiveJobs", orEmpty(quotas.maxActiveJobs()),
                "maxEnvironments", orEmpty(quotas.maxEnvironments()),
                "maxEnvironmentCpus", orEmpty(quotas.maxEnvironmentCpus()),
                "maxEnvironmentMemoryMb", orEmpty(quotas.maxEnvironmentMemoryMb()),
                "createdAt", String.valueOf(user.createdAt().toEpochMilli()),
                "updatedAt", String.valueOf(user.updatedAt().toEpochMilli()));
    }

    private static User decode(Map<String, String> hash) {
        return new User(
                hash.getOrDefault("name", ""),
                Role.parse(hash.getOrDefault("role", "")).orElse(Role.USER),
                Boolean.parseBoolean(hash.get("disabled")),
                new Quotas(
                        integer(hash.get("maxActiveJobs")),
                        integer(hash.get("maxEnvironments")),
                        blankToNull(hash.get("maxEnvironmentCpus")) == null
                                ? null
                                : Double.valueOf(hash.get("maxEnvironmentCpus")),
                        blankToNull(hash.get("maxEnvironmentMemoryMb")) == null
                                ? null
                                : Long.valueOf(hash.get("maxEnvironmentMemoryMb"))),
                Instant.ofEpochMilli(Long.parseLong(hash.getOrDefault("createdAt", "0"))),
                Instant.ofEpochMilli(Long.parseLong(hash.getOrDefault("updatedAt", "0"))));
    }

    private static String orEmpty(@Nullable Number value) {
        return value == null ? "" : value.toString();
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static @Nullable Integer integer(@Nullable String value) {
        return value == null || value.isEmpty() ? null : Integer.valueOf(value);
    }
}
