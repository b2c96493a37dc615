package dev.slipway.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Redis Lua scripts from the class path, each read once. The script is made from its text, not from
 * the resource: a script made from a resource asks it whether it changed on every execution, which
 * inside a Boot jar opens the nested jar entry each time (6% of the gateway's CPU while it accepted
 * jobs, a fifth of the worker's while it streamed a log).
 */
public final class LuaScripts {

    private LuaScripts() {}

    /** The script at this class-path location, e.g. {@code redis/append-log.lua}, answering a {@code type}. */
    public static <T> RedisScript<T> load(String resource, Class<T> type) {
        return RedisScript.of(text(resource), type);
    }

    private static String text(String resource) {
        try (InputStream in = LuaScripts.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no Lua script " + resource + " on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Lua script " + resource, e);
        }
    }
}
