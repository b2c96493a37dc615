package dev.slipway.gateway.stream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/** {@code slipway.sse.streams}: the event streams this gateway holds open now. */
@Component
record SseStreamMeter(SseHub hub) implements MeterBinder {

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("slipway.sse.streams", hub, SseHub::liveStreams)
                .description("Server-sent event streams (job and environment events, logs) open on this gateway")
                .register(registry);
    }
}
