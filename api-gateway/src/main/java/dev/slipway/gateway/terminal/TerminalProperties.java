package dev.slipway.gateway.terminal;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code slipway.gateway.terminals.*}: web terminal sessions.
 *
 * @param idleTimeout a session ends after this long without input, attached or not
 * @param maxDuration and after this long in any case
 * @param ticketTtl how long a ticket to attach is valid (it is also single-use)
 * @param openTimeout how long opening waits for the hosting worker to start the shell
 * @param allowedOrigins the browser origins ({@code Origin}) that may attach, besides the gateway's own
 * @param pingInterval how often the server pings an attached socket: below the idle cut of proxies
 * @param replay the output a client gets first when it attaches, so that its screen comes back
 * @param sendBuffer output queued for a client that reads slower than the shell prints: past it the
 *     socket is closed (the session stays) and the client reattaches
 */
@ConfigurationProperties("slipway.gateway.terminals")
public record TerminalProperties(
        Duration idleTimeout,
        Duration maxDuration,
        Duration ticketTtl,
        Duration openTimeout,
        List<String> allowedOrigins,
        Duration pingInterval,
        DataSize replay,
        DataSize sendBuffer) {

    public TerminalProperties {
        allowedOrigins = List.copyOf(allowedOrigins);
    }
}
