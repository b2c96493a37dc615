package dev.slipway.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What an environment is made from. Operators and admins write templates; an environment keeps the
 * copy it was created from, so a later change of the template does not change it.
 *
 * @param name how environments name it: 1-63 characters of a-z, 0-9, '.', '_' or '-'
 * @param command what the container runs; null: it is kept alive under an init process
 * @param shell what the web terminal and {@code exec} without a command start, e.g. {@code ["/bin/sh"]}
 * @param ttl the lifetime of an environment that asks for none
 * @param maxTtl the longest lifetime an environment may ask for, or be extended to
 * @param idleStopAfter with no terminal or exec activity this long, the environment is stopped
 *     (its files kept); null: never
 * @param pool the pool whose workers host it
 * @param constraints labels the hosting worker must have
 */
public record EnvironmentTemplate(
        String name,
        String image,
        @Nullable String description,
        @Nullable List<String> command,
        Map<String, String> env,
        @Nullable String workdir,
        @Nullable String user,
        List<String> shell,
        Resources resources,
        Duration ttl,
        Duration maxTtl,
        @Nullable Duration idleStopAfter,
        String pool,
        Map<String, String> constraints) {

    public EnvironmentTemplate {
        command = command == null ? null : List.copyOf(command);
        env = env == null ? Map.of() : Map.copyOf(env);
        shell = List.copyOf(shell);
        constraints = constraints == null ? Map.of() : Map.copyOf(constraints);
    }
}
