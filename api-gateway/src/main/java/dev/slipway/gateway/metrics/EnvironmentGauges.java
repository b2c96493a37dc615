package dev.slipway.gateway.metrics;

import dev.slipway.gateway.environment.EnvironmentStore;
import dev.slipway.model.EnvironmentState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * {@code slipway.environments{state}}: environments by state, from the store's per-state indexes.
 * Every gateway reports the same fleet-wide numbers (take {@code max}, not {@code sum}, across
 * gateways). The counts are read at most once per {@link #FRESHNESS}, all states at once, on the
 * scrape that finds them stale: ten scrapers cost no more Redis reads than one. When Redis fails,
 * the last counts stay and the failure is counted.
 */
@Component
class EnvironmentGauges implements MeterBinder {

    static final Duration FRESHNESS = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(EnvironmentGauges.class);

    private final EnvironmentStore store;
    private final Clock clock;
    private final Duration freshness;
    private final Map<EnvironmentState, Long> counts = new EnumMap<>(EnvironmentState.class);
    private @Nullable Instant readAt;
    private @Nullable Counter failures;

    @Autowired
    EnvironmentGauges(EnvironmentStore store, Clock clock) {
        this(store, clock, FRESHNESS);
    }

    EnvironmentGauges(EnvironmentStore store, Clock clock, Duration freshness) {
        this.store = store;
        this.clock = clock;
        this.freshness = freshness;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        failures = Counter.builder("slipway.redis.errors")
                .description("Redis operations that failed: unreachable, timed out, or refused (READONLY, OOM ...)")
                .tag("operation", "environment-count")
                .register(registry);
        for (EnvironmentState state : EnvironmentState.values()) {
            Gauge.builder("slipway.environments", this, gauges -> gauges.count(state))
                    .description("Environments in each state, fleet-wide (read from Redis at most every 10 s)")
                    .tag("state", state.name())
                    .register(registry);
        }
    }

    synchronized double count(EnvironmentState state) {
        Instant now = clock.instant();
        if (readAt == null || !now.isBefore(readAt.plus(freshness))) {
            readAt = now; // also after a failure: a Redis outage is not hammered by every scrape either
            try {
                Map<EnvironmentState, Long> read = new EnumMap<>(EnvironmentState.class);
                for (EnvironmentState each : EnvironmentState.values()) {
                    read.put(each, store.countIn(each));
                }
                counts.putAll(read); // all states from one read, or none
            } catch (RuntimeException e) {
                log.warn("Could not count environments by state: {}", e.toString());
                if (failures != null) {
                    failures.increment();
                }
            }
        }
        return counts.getOrDefault(state, 0L);
    }
}
