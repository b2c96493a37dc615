package dev.slipway.model;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A terminal session as Redis keeps it ({@link RedisKeys#terminal}). The gateway writes it once,
 * {@link TerminalState#OPENING}; after that only the hosting worker changes it, so it needs no
 * compare-and-set.
 *
 * @param owner who opened it: the one user who may type into it
 * @param workerId the worker hosting the environment, which holds the shell
 * @param idleTimeoutSeconds the session ends after this long without input
 * @param endsAt the absolute cap: the session ends then, input or not
 * @param endReason why it ended, once {@link TerminalState#ENDED}
 * @param exitCode the shell's exit code, when it exited on its own
 */
public record TerminalSession(
        String id,
        EnvironmentId environmentId,
        String owner,
        WorkerId workerId,
        TerminalState state,
        int cols,
        int rows,
        Instant createdAt,
        long idleTimeoutSeconds,
        Instant endsAt,
        @Nullable Instant endedAt,
        @Nullable TerminalEnd endReason,
        @Nullable Integer exitCode) {

    public TerminalSession opened() {
        return new TerminalSession(
                id,
                environmentId,
                owner,
                workerId,
                TerminalState.OPEN,
                cols,
                rows,
                createdAt,
                idleTimeoutSeconds,
                endsAt,
                null,
                null,
                null);
    }

    public TerminalSession ended(Instant at, TerminalEnd reason, @Nullable Integer code) {
        return new TerminalSession(
                id,
                environmentId,
                owner,
                workerId,
                TerminalState.ENDED,
                cols,
                rows,
                createdAt,
                idleTimeoutSeconds,
                endsAt,
                at,
                reason,
                code);
    }
}
