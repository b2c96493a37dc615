package dev.slipway.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.slipway.gateway.environment.EnvironmentStore;
import dev.slipway.model.EnvironmentState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;

/** Environments by state come from the store at most once per freshness period, however often scraped. */
class EnvironmentGaugesTest {

    private final EnvironmentStore store = mock(EnvironmentStore.class);
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };
    private final MeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void manyScrapesWithinTheFreshnessPeriodReadTheStoreOnce() {
        when(store.countIn(any())).thenReturn(0L);
        when(store.countIn(EnvironmentState.RUNNING)).thenReturn(3L, 5L);
        new EnvironmentGauges(store, clock, Duration.ofSeconds(10)).bindTo(registry);

        for (int scrape = 0; scrape < 20; scrape++) {
            assertThat(running()).isEqualTo(3.0);
            assertThat(gauge(EnvironmentState.PENDING)).isZero();
        }
        verify(store, times(1)).countIn(EnvironmentState.RUNNING);

        now.set(now.get().plusSeconds(10));
        assertThat(running()).isEqualTo(5.0);
        verify(store, times(2)).countIn(EnvironmentState.RUNNING);
    }

    @Test
    void aFailedReadKeepsTheLastCountsCountsTheErrorAndIsNotRetriedAtOnce() {
        AtomicBoolean redisAway = new AtomicBoolean();
        when(store.countIn(any())).thenAnswer(_ -> {
            if (redisAway.get()) {
                throw new QueryTimeoutException("Redis away");
            }
            return 2L;
        });
        new EnvironmentGauges(store, clock, Duration.ofSeconds(10)).bindTo(registry);
        assertThat(running()).isEqualTo(2.0);

        redisAway.set(true);
        now.set(now.get().plusSeconds(10));
        assertThat(running()).isEqualTo(2.0);
        assertThat(gauge(EnvironmentState.STOPPED)).isEqualTo(2.0);
        verify(store, times(2)).countIn(EnvironmentState.PENDING); // the failed read, and no retry at once

        assertThat(registry.get("slipway.redis.errors")
                        .tag("operation", "environment-count")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    private double running() {
        return gauge(EnvironmentState.RUNNING);
    }

    private double gauge(EnvironmentState state) {
        return registry.get("slipway.environments")
                .tag("state", state.name())
                .gauge()
                .value();
    }
}
