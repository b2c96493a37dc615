package dev.slipway.gateway.fleet;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.slipway.gateway.config.GatewayProperties;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Placement reads the fleet at most once a second to say yes, and never refuses on an old view. */
class PlacementTest {

    private final WorkerRegistry registry = mock(WorkerRegistry.class);
    private final GatewayProperties properties = mock(GatewayProperties.class);
    private final MutableClock clock = new MutableClock();
    private final Placement placement = new Placement(registry, clock, properties);

    private static WorkerView serving(String pool, Map<String, String> labels) {
        WorkerView worker = mock(WorkerView.class);
        when(worker.pools()).thenReturn(List.of(pool));
        when(worker.labels()).thenReturn(labels);
        when(worker.isLive()).thenReturn(true);
        return worker;
    }

    @Test
    void submissionsWithinASecondShareOneReadOfTheFleet() {
        List<WorkerView> fleet = List.of(serving("builds", Map.of()));
        when(registry.all(any())).thenReturn(fleet);

        placement.place("builds", Map.of());
        clock.advanceMillis(500);
        placement.place("builds", Map.of());
        verify(registry, times(1)).all(any());

        clock.advanceMillis(600);
        placement.place("builds", Map.of());
        verify(registry, times(2)).all(any());
    }

    @Test
    void aWorkerThatJoinedSinceTheLastReadIsFoundRatherThanThePoolRefused() {
        WorkerView builds = serving("builds", Map.of());
        WorkerView gpu = serving("gpu", Map.of());
        when(registry.all(any())).thenReturn(List.of(builds)).thenReturn(List.of(builds, gpu));
        placement.place("builds", Map.of());

        placement.place("gpu", Map.of()); // a no from the recent view is checked against a fresh one

        verify(registry, times(2)).all(any());
    }

    @Test
    void aPoolNobodyServesIsRefusedAfterAFreshRead() {
        List<WorkerView> fleet = List.of(serving("builds", Map.of()));
        when(registry.all(any())).thenReturn(fleet);
        placement.place("builds", Map.of());

        assertThatThrownBy(() -> placement.place("typo", Map.of())).isInstanceOf(UnservedPoolException.class);
        verify(registry, times(2)).all(any());
    }

    @Test
    void constraintsNoLiveWorkerMeetsAreRefusedNamingWhatTheWorkersHave() {
        List<WorkerView> fleet = List.of(serving("builds", Map.of("arch", "amd64")));
        when(registry.all(any())).thenReturn(fleet);

        assertThatThrownBy(() -> placement.place("builds", Map.of("arch", "arm64")))
                .isInstanceOf(NoWorkerCanRunException.class)
                .hasMessageContaining("arch=amd64");
    }

    @Test
    void aDeclaredPoolTakesAJobWithoutConstraintsWithoutReadingTheFleet() {
        when(properties.declares("declared")).thenReturn(true);

        placement.place("declared", Map.of());

        verify(registry, never()).all(any());
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-04T12:00:00Z");

        void advanceMillis(long millis) {
            now = now.plusMillis(millis);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
