package dev.slipway.gateway.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Lua scripts read once, at class initialisation. A script made from a resource asks the resource
 * whether it changed on every execution (to refresh its SHA-1), which inside a Boot jar opens the
 * nested jar entry each time: 6% of the gateway's CPU while it accepted jobs.
 */
final class LuaScripts {

    private LuaScripts() {}

    static <T> RedisScript<T> load(String resource, Class<T> resultType) {
        try {
            return RedisScript.of(new ClassPathResource(resource).getContentAsString(StandardCharsets.UTF_8), resultType);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Lua script " + resource, e);
        }
    }
}
