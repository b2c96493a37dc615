package dev.slipway.worker.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;

import dev.slipway.messaging.JobSource;
import dev.slipway.model.JobTopology;
import dev.slipway.model.WorkerAdmin;
import dev.slipway.model.WorkerId;
import dev.slipway.model.WorkerState;
import dev.slipway.model.WorkerStatus;
import dev.slipway.worker.config.WorkerProperties;
import dev.slipway.worker.execution.ActiveAttempts;
import dev.slipway.worker.execution.ContainerRuntime;
import dev.slipway.worker.execution.EngineInfo;
import dev.slipway.worker.intake.IntakeGate;
import dev.slipway.worker.intake.IntakeQueues;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.AmqpConnectException;
import org.springframework.util.unit.DataSize;

class FleetMembershipTest {

    private static final String POOL = "rpm";

    private final FakeRegistry registry = new FakeRegistry();
    private final IntakeGate gate = new IntakeGate();
    private final JobSource source = mock(JobSource.class);
    private final WorkerProperties properties = properties(Map.of("disk", "ssd"));
    private final IntakeQueues queues = new IntakeQueues(properties, source);
    private final FleetMembership membership = new FleetMembership(
            registry,
            new ActiveAttempts(),
            gate,
            queues,
            engine(),
            properties,
            Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void aHealthyWorkerReportsItselfActiveWithTheHostsLabelsAndItsOwn() {
        membership.heartbeat();

        WorkerStatus reported = registry.last();
        assertThat(reported.state()).isEqualTo(WorkerState.ACTIVE);
        assertThat(reported.labels())
                .containsExactlyInAnyOrderEntriesOf(Map.of("arch", "x86_64", "os", "linux", "disk", "ssd"));
        assertThat(reported.dockerVersion()).isEqualTo("28.2.2");
        assertThat(reported.leaseMillis()).isEqualTo(15_000);
        assertThat(gate.isOpen()).isTrue();
    }

    @Test
    void aCordonShutsTheGateAndAnUncordonOpensIt() {
        registry.admin = WorkerAdmin.CORDONED;
        membership.heartbeat();

        assertThat(gate.isOpen()).isFalse();
        assertThat(registry.last().state()).isEqualTo(WorkerState.CORDONED);

        registry.admin = WorkerAdmin.SCHEDULABLE;
        membership.heartbeat();

        assertThat(gate.isOpen()).isTrue();
        assertThat(registry.last().state()).isEqualTo(WorkerState.ACTIVE);
    }

    @Test
    void anIdleDrainedWorkerReportsDrained() {
        registry.admin = WorkerAdmin.DRAINING;
        membership.heartbeat();

        assertThat(registry.last().state()).isEqualTo(WorkerState.DRAINED);
        assertThat(gate.isOpen()).isFalse();
    }

    @Test
    void theQueuesOfRoutesItsLabelsSatisfyAreTakenFromAndNoOthers() {
        String ssd = JobTopology.routeFor(POOL, Map.of("disk", "ssd"));
        String arm = JobTopology.routeFor(POOL, Map.of("arch", "aarch64"));
        registry.routes.put(ssd, Map.of("disk", "ssd"));
        registry.routes.put(arm, Map.of("arch", "aarch64"));

        membership.heartbeat();

        assertThat(queues.names()).containsExactly(JobTopology.queueFor(POOL), JobTopology.queueForRoute(ssd));
    }

    @Test
    void aWorkerThatCannotReachRedisTakesNoJobsUntilAHeartbeatReachesItAgain() {
        registry.reachable = false;

        org.assertj.core.api.Assertions.assertThatThrownBy(membership::heartbeat)
                .isInstanceOf(org.springframework.data.redis.RedisConnectionFailureException.class);
        assertThat(gate.isOpen()).isFalse();
        assertThat(gate.reason(IntakeGate.Hold.REDIS))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("cannot reach Redis"));

        registry.reachable = true;
        membership.heartbeat();

        assertThat(gate.isOpen()).isTrue();
    }

    @Test
    void aBrokerThatIsAwayDoesNotStopTheReport() {
        registry.routes.put(JobTopology.routeFor(POOL, Map.of("disk", "ssd")), Map.of("disk", "ssd"));
        doThrow(new AmqpConnectException(new java.net.ConnectException("refused")))
                .when(source)
                .declareRoute(any(String.class));

        membership.heartbeat();

        assertThat(registry.reports).hasSize(1);
        assertThat(queues.names()).containsExactly(JobTopology.queueFor(POOL));
    }

    private static WorkerProperties properties(Map<String, String> labels) {
        return new WorkerProperties(
                "w1",
                2,
                List.of(POOL),
                Duration.ofMinutes(1),
                Duration.ofSeconds(1),
                List.of(),
                Duration.ZERO,
                Duration.ofSeconds(30),
                labels,
                DataSize.ofGigabytes(10),
                Duration.ofSeconds(15),
                new WorkerProperties.Fleet(Duration.ofHours(1), DataSize.ofBytes(1), DataSize.ofBytes(1)),
                null,
                new WorkerProperties.Lease(Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofMinutes(5)),
                null,
                null,
                null);
    }

    private static ContainerRuntime engine() {
        return (ContainerRuntime) Proxy.newProxyInstance(
                FleetMembershipTest.class.getClassLoader(),
                new Class<?>[] {ContainerRuntime.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("engineInfo")) {
                        return new EngineInfo("28.2.2", "x86_64", "linux", 2, 24L << 30, "/nonexistent-docker-root");
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static final class FakeRegistry implements WorkerRegistry {
        WorkerAdmin admin = WorkerAdmin.SCHEDULABLE;
        boolean reachable = true;
        final Map<String, Map<String, String>> routes = new HashMap<>();
        final List<WorkerStatus> reports = new ArrayList<>();

        @Override
        public WorkerAdmin admin(WorkerId worker) {
            if (!reachable) {
                throw new org.springframework.data.redis.RedisConnectionFailureException("connection refused");
            }
            return admin;
        }

        @Override
        public Map<String, Map<String, String>> routes(String pool) {
            return pool.equals(POOL) ? routes : Map.of();
        }

        @Override
        public java.util.Optional<WorkerStatus> status(WorkerId worker) {
            return reports.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(last());
        }

        @Override
        public void report(WorkerStatus status, Duration forgetAfter) {
            reports.add(status);
        }

        WorkerStatus last() {
            return reports.getLast();
        }
    }
}
