package dev.slipway.gateway.environment;

import dev.slipway.model.EnvironmentRecord;
import dev.slipway.model.EnvironmentState;
import dev.slipway.model.Resources;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An environment as the API shows it: its record, flattened for a reader, with when it will be
 * stopped for idleness.
 *
 * @param template the name of the template it was made from (its copy is in {@code spec})
 * @param idleStopAt when it is stopped unless used before; null when its template never stops it
 *     or it does not run
 */
public record EnvironmentView(
        String id,
        String name,
        String owner,
        String template,
        String image,
        EnvironmentState state,
        @Nullable String workerId,
        Resources resources,
        @Nullable String health,
        Instant createdAt,
        Instant updatedAt,
        Instant expiresAt,
        Instant lastActivityAt,
        @Nullable Instant idleStopAt,
        boolean removeRequested,
        @Nullable String error) {

    public static EnvironmentView of(EnvironmentRecord environment) {
        return new EnvironmentView(
                environment.id().value(),
                environment.name(),
                environment.owner(),
                environment.template().name(),
                environment.template().image(),
                environment.state(),
                environment.workerId() == null ? null : environment.workerId().value(),
                environment.template().resources(),
                environment.health(),
                environment.createdAt(),
                environment.updatedAt(),
                environment.expiresAt(),
                environment.lastActivityAt(),
                environment.state() == EnvironmentState.RUNNING ? environment.idleStopAt() : null,
                environment.removeRequested(),
                environment.error());
    }
}
