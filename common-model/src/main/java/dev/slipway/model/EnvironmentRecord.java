package dev.slipway.model;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An environment as Redis keeps it and the API shows it. Gateway and workers change it only through
 * the environment transitions (a compare-and-set on its version), so no change is lost to a race.
 *
 * @param name the owner's name for it (not unique)
 * @param template the copy of the template it was made from
 * @param workerId the worker hosting it, once one took it; it stays pinned there
 * @param containerId its container, once made
 * @param expiresAt when it is removed and becomes {@link EnvironmentState#EXPIRED}
 * @param lastActivityAt the last exec or terminal input, which {@code idleStopAfter} counts from
 * @param health the container's {@code HEALTHCHECK} status (healthy, unhealthy or starting),
 *     or null when its image has no health check or it does not run
 * @param removeRequested a delete was asked for; the hosting worker removes the container
 * @param error why it failed, or a note on its last move (a lost worker)
 */
public record EnvironmentRecord(
        EnvironmentId id,
        String name,
        String owner,
        EnvironmentTemplate template,
        EnvironmentState state,
        @Nullable WorkerId workerId,
        @Nullable String containerId,
        Instant createdAt,
        Instant updatedAt,
        Instant expiresAt,
        Instant lastActivityAt,
        @Nullable String health,
        boolean removeRequested,
        @Nullable String error) {

    public EnvironmentRecord withState(EnvironmentState next, Instant at) {
        return new EnvironmentRecord(
                id,
                name,
                owner,
                template,
                next,
                workerId,
                containerId,
                createdAt,
                at,
                expiresAt,
                lastActivityAt,
                next == EnvironmentState.RUNNING ? health : null,
                removeRequested,
                error);
    }

    public EnvironmentRecord placedOn(WorkerId worker, Instant at) {
        return new EnvironmentRecord(
                id,
                name,
                owner,
                template,
                EnvironmentState.CREATING,
                worker,
                containerId,
                createdAt,
                at,
                expiresAt,
                lastActivityAt,
                health,
                removeRequested,
                error);
    }

    public EnvironmentRecord withContainer(String container) {
        return new EnvironmentRecord(
                id,
                name,
                owner,
                template,
                state,
                workerId,
                container,
                createdAt,
                updatedAt,
                expiresAt,
                lastActivityAt,
                health,
                removeRequested,
                error);
    }

    public EnvironmentRecord withError(@Nullable String reason) {
        return new EnvironmentRecord(
                id,
                name,
                owner,
                template,
                state,
                workerId,
                containerId,
                createdAt,
                updatedAt,
                expiresAt,
                lastActivityAt,
                health,
                removeRequested,
                reason);
    }

    public EnvironmentRecord withHealth(@Nullable String status) {
        return new EnvironmentRecord(
                id,
                name,
                owner,
                template,
                state,
                workerId,
                containerId,
                createdAt,
                updatedAt,
                expiresAt,
                lastActivityAt,
                status,
                removeRequested,
                error);
    }

    public EnvironmentRecord expiringAt(Instant at) {
        return new EnvironmentRecord(
                id,
                name,
                owner,
                template,
                state,
                workerId,
                containerId,
                createdAt,
                updatedAt,
                at,
                lastActivityAt,
                health,
                removeRequested,
                error);
    }

    public EnvironmentRecord activeAt(Instant at) {
        return new EnvironmentRecord(
                id,
                name,
                owner,
                template,
                state,
                workerId,
                containerId,
                createdAt,
                updatedAt,
                expiresAt,
                at,
                health,
                removeRequested,
                error);
    }

    public EnvironmentRecord removalRequested() {
        return new EnvironmentRecord(
                id,
                name,
                owner,
                template,
                state,
                workerId,
                containerId,
                createdAt,
                updatedAt,
                expiresAt,
                lastActivityAt,
                health,
                true,
                error);
    }

    /** When it is stopped for want of activity, or null when its template never stops it. */
    public @Nullable Instant idleStopAt() {
        Duration idle = template.idleStopAfter();
        return idle == null ? null : lastActivityAt.plus(idle);
    }

    /**
     * Whether its resources count against the owner's quota: it runs, or is about to, or may come
     * back running (lost). A stopped or ended environment holds none.
     */
    public static boolean holdsResources(EnvironmentState state) {
        return !state.isTerminal() && state != EnvironmentState.STOPPED;
    }
}
