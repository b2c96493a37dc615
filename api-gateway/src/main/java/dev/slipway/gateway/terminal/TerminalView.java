package dev.slipway.gateway.terminal;

import dev.slipway.model.TerminalEnd;
import dev.slipway.model.TerminalSession;
import dev.slipway.model.TerminalState;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A terminal session as the API shows it. */
record TerminalView(
        String sessionId,
        String environmentId,
        String owner,
        TerminalState state,
        int cols,
        int rows,
        Instant createdAt,
        Instant endsAt,
        long idleTimeoutSeconds,
        @Nullable Instant endedAt,
        @Nullable TerminalEnd endReason,
        @Nullable Integer exitCode) {

    static TerminalView of(TerminalSession session) {
        return new TerminalView(
                session.id(),
                session.environmentId().value(),
                session.owner(),
                session.state(),
                session.cols(),
                session.rows(),
                session.createdAt(),
                session.endsAt(),
                session.idleTimeoutSeconds(),
                session.endedAt(),
                session.endReason(),
                session.exitCode());
    }
}
