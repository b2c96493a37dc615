package dev.slipway.worker.terminal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code slipway.worker.terminals.*}: the worker's side of web terminal sessions.
 *
 * @param max sessions this worker holds at once, over all its environments
 * @param replay of output, what stays in a session's stream for a client that reattaches
 * @param outputSlack how much older output the stream may hold before it is cut back to
 *     {@code replay}: room for a relay that reads behind
 * @param sweepInterval how often idle and capped sessions are looked for
 * @param endedKeep how long an ended session's record and stream are kept, for a client to learn why
 */
@ConfigurationProperties("slipway.worker.terminals")
public record TerminalSettings(
        int max, DataSize replay, DataSize outputSlack, Duration sweepInterval, Duration endedKeep) {

    public TerminalSettings {
        if (max < 0) {
            throw new IllegalArgumentException("slipway.worker.terminals.max must not be negative, was " + max);
        }
    }
}
