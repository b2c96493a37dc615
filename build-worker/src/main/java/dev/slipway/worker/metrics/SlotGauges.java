package dev.slipway.worker.metrics;

import dev.slipway.worker.config.WorkerProperties;
import dev.slipway.worker.execution.ActiveAttempts;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * {@code slipway.worker.jobs.running} and {@code slipway.worker.slots{state=used|free}}: a slot runs
 * one attempt at a time, so the used slots are the attempts running; a draining or cordoned worker
 * still shows its free slots (it takes nothing new, see its state on {@code /api/v1/workers}).
 */
@Component
record SlotGauges(ActiveAttempts attempts, WorkerProperties properties) implements MeterBinder {

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(
                        "slipway.worker.jobs.running",
                        attempts,
                        running -> running.all().size())
                .description("Job attempts this worker runs now")
                .register(registry);
        Gauge.builder("slipway.worker.slots", this, SlotGauges::used)
                .description("Job slots of this worker, used (running an attempt) or free")
                .tag("state", "used")
                .register(registry);
        Gauge.builder("slipway.worker.slots", this, gauges -> properties.slots() - gauges.used())
                .description("Job slots of this worker, used (running an attempt) or free")
                .tag("state", "free")
                .register(registry);
    }

    private double used() {
        return Math.min(attempts.all().size(), properties.slots());
    }
}
