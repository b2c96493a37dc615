package dev.slipway.gateway.terminal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/** {@code slipway.terminal.sockets}: the terminal WebSockets attached through this gateway now. */
@Component
record TerminalSocketMeter(TerminalSocketHandler handler) implements MeterBinder {

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("slipway.terminal.sockets", handler, TerminalSocketHandler::attachedSockets)
                .description("Web terminal sockets attached to a session through this gateway")
                .register(registry);
    }
}
