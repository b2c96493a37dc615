package dev.slipway.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.slipway.gateway.GatewayTestSupport;
import dev.slipway.gateway.config.GatewayProperties;
import dev.slipway.gateway.fleet.Placement;
import dev.slipway.gateway.identity.Caller;
import dev.slipway.gateway.identity.Role;
import dev.slipway.messaging.BrokerUnavailableException;
import dev.slipway.messaging.JobPublisher;
import dev.slipway.model.JobSpec;
import dev.slipway.model.JobView;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;

/** What a client is told when the broker does not confirm a job: the truth about whether it may run. */
class JobSubmissionTest {

    private final JobStore store = mock(JobStore.class);
    private final JobPublisher broker = mock(JobPublisher.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SubmissionBatcher batcher = new SubmissionBatcher(store, broker, oneLane(), meters);
    private final JobSubmission submission =
            new JobSubmission(batcher, store, Clock.systemUTC(), mock(Placement.class), meters);
    private final Caller alice = new Caller("alice", Role.USER, "token", new Caller.Limits(10, 5, 4, 8192));
    private final JobSpec spec = GatewayTestSupport.spec("default");

    static GatewayProperties oneLane() {
        GatewayProperties properties = mock(GatewayProperties.class);
        when(properties.submissionLanes()).thenReturn(1);
        return properties;
    }

    @BeforeEach
    void recordingWorks() {
        when(store.createAll(anyList())).thenReturn(List.of(JobStore.Recorded.created("0-1")));
    }

    @AfterEach
    void stopLanes() throws InterruptedException {
        batcher.destroy();
    }

    private void confirms(@Nullable BrokerUnavailableException... outcomes) {
        when(broker.publishAll(anyList())).thenReturn(Arrays.asList(outcomes));
    }

    @Test
    void aConfirmedJobIsAcceptedAndOnlyItsFirstDispatchEntryDropped() {
        confirms((BrokerUnavailableException) null);

        JobView job = submission.submit(spec, Map.of(), alice);

        verify(store, timeout(5000)).dropFirstDispatches(List.of(job.id()));
        verify(store, never()).withdraw(any(), any());
        assertThat(submitted()).isEqualTo(1.0);
    }

    @Test
    void aJobItsOwnerHasNoRoomForIsRefusedAndNeverPublished() {
        when(store.createAll(anyList()))
                .thenReturn(List.of(JobStore.Recorded.failed(new ActiveJobLimitException(4, 4))));

        assertThatThrownBy(() -> submission.submit(spec, Map.of(), alice)).isInstanceOf(ActiveJobLimitException.class);
        verify(broker, never()).publishAll(anyList());
        assertThat(submitted()).isZero();
    }

    @Test
    void anUnconfirmedJobIsWithdrawnAndTheClientToldNothingWasRecorded() {
        confirms(new BrokerUnavailableException("no confirm"));
        when(store.withdraw(any(JobView.class), eq("0-1"))).thenReturn(true);

        assertThatThrownBy(() -> submission.submit(spec, Map.of(), alice))
                .isInstanceOf(BrokerUnavailableException.class);
        assertThat(submitted()).isZero();
        verify(store, timeout(5000)).dropFirstDispatches(List.of());
    }

    /** The confirm timed out but the message got through and a worker claimed the job: it is accepted, not lost. */
    @Test
    void anUnconfirmedJobThatAWorkerAlreadyClaimedIsAccepted() {
        confirms(new BrokerUnavailableException("no confirm"));
        when(store.withdraw(any(JobView.class), eq("0-1"))).thenReturn(false);

        JobView job = submission.submit(spec, Map.of(), alice);

        assertThat(job.owner()).isEqualTo("alice");
        assertThat(submitted()).isEqualTo(1.0);
    }

    @Test
    void whenTheWithdrawFailsTooTheClientIsToldTheJobMayRun() {
        confirms(new BrokerUnavailableException("no confirm"));
        when(store.withdraw(any(JobView.class), eq("0-1"))).thenThrow(new QueryTimeoutException("Redis away"));

        assertThatThrownBy(() -> submission.submit(spec, Map.of(), alice))
                .isInstanceOf(SubmissionUncertainException.class)
                .hasMessageContaining("neither confirmed by the broker nor withdrawn");
    }

    private double submitted() {
        var counter =
                meters.find("slipway.jobs.submitted").tag("pool", "default").counter();
        return counter == null ? 0 : counter.count();
    }
}
