package dev.slipway.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a Redis Lua script from the class path, once, for gateway and worker alike (the shared
 * {@link JobTransition#SCRIPT} lives here; each application keeps its own scripts). Make the
 * Redis script from the text, not from the resource: a script made from a resource asks it whether
 * it changed on every execution, which inside a Boot jar opens the nested jar entry each time (6% of
 * the gateway's CPU while it accepted jobs, a fifth of the worker's while it streamed a log).
 */
public final class LuaScriptText {

    private LuaScriptText() {}

    /** The script at this class-path location, e.g. {@code redis/append-log.lua}. */
    public static String read(String resource) {
        try (InputStream in = LuaScriptText.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no Lua script " + resource + " on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Lua script " + resource, e);
        }
    }
}
