package dev.slipway.worker.terminal;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code slipway.worker.terminals.*}: the worker's side of web terminal sessions.
 *
 * @param max sessions this worker holds at once, over all its environments
 * @param shell what a session runs; it must read its terminal
 * @param replay of output, what stays in a session's stream for a client that reattaches
 * @param outputSlack how much older output the stream may hold before it is cut back to
 *     {@code replay}: room for a relay that reads behind
 * @param sweepInterval how often idle and capped sessions are looked for
 * @param endedKeep how long an ended session's record and stream are kept, for a client to learn why
 */
@ConfigurationProperties("slipway.worker.terminals")
public record TerminalSettings(
        int max,
        List<String> shell,
        DataSize replay,
        DataSize outputSlack,
        Duration sweepInterval,
        Duration endedKeep) {

    public TerminalSettings {
        if (shell.isEmpty()) {
            throw new IllegalArgumentException("slipway.worker.terminals.shell must name a command");
        }
        shell = List.copyOf(shell);
    }
}
