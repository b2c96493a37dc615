package dev.slipway.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.slipway.gateway.GatewayTestSupport;
import dev.slipway.gateway.job.JobStore.NewJob;
import dev.slipway.gateway.job.JobStore.Recorded;
import dev.slipway.messaging.BrokerUnavailableException;
import dev.slipway.messaging.JobPublisher;
import dev.slipway.model.JobMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.RedisConnectionFailureException;

/** Concurrent submissions share round trips, and each still gets its own answer. */
class SubmissionBatcherTest {

    private final JobStore store = mock(JobStore.class);
    private final JobPublisher broker = mock(JobPublisher.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SubmissionBatcher batcher = new SubmissionBatcher(store, broker, JobSubmissionTest.oneLane(), meters);
    private final ExecutorService clients = Executors.newFixedThreadPool(8);

    /** The batches the store was asked to record, by size, in order. */
    private final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() throws InterruptedException {
        clients.shutdownNow();
        batcher.destroy();
    }

    private static NewJob job() {
        return new NewJob(GatewayTestSupport.queuedJob("default"), Map.of(), 0);
    }

    private void everythingConfirmed() {
        when(broker.publishAll(anyList())).thenAnswer(call -> {
            List<JobMessage> messages = call.getArgument(0);
            return new ArrayList<@Nullable BrokerUnavailableException>(Collections.nCopies(messages.size(), null));
        });
    }

    @Test
    void submissionsArrivingWhileABatchIsUnderWayGoTogetherInTheNext() throws Exception {
        CountDownLatch firstBatchRecording = new CountDownLatch(1);
        CompletableFuture<Void> releaseFirst = new CompletableFuture<>();
        when(store.createAll(anyList())).thenAnswer(call -> {
            List<NewJob> jobs = call.getArgument(0);
            batchSizes.add(jobs.size());
            if (batchSizes.size() == 1) {
                firstBatchRecording.countDown();
                releaseFirst.get(5, TimeUnit.SECONDS);
            }
            return jobs.stream()
                    .map(job -> Recorded.created("token-" + job.job().id()))
                    .toList();
        });
        everythingConfirmed();

        Future<SubmissionBatcher.Published> first = clients.submit(() -> batcher.submit(job()));
        assertThat(firstBatchRecording.await(5, TimeUnit.SECONDS)).isTrue();
        List<Future<SubmissionBatcher.Published>> crowd = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            crowd.add(clients.submit(() -> batcher.submit(job())));
        }
        awaitQueued(6);
        releaseFirst.complete(null);

        assertThat(first.get(5, TimeUnit.SECONDS).unconfirmed()).isNull();
        for (Future<SubmissionBatcher.Published> each : crowd) {
            assertThat(each.get(5, TimeUnit.SECONDS).token()).startsWith("token-");
        }
        assertThat(batchSizes).containsExactly(1, 6);
    }

    @Test
    void aJobRefusedInABatchFailsAloneAndTheOthersArePublished() throws Exception {
        NewJob refused = job();
        when(store.createAll(anyList())).thenAnswer(call -> {
            List<NewJob> jobs = call.getArgument(0);
            return jobs.stream()
                    .map(job -> job.job().id().equals(refused.job().id())
                            ? Recorded.failed(new ActiveJobLimitException(1, 1))
                            : Recorded.created("token"))
                    .toList();
        });
        List<Integer> published = Collections.synchronizedList(new ArrayList<>());
        when(broker.publishAll(anyList())).thenAnswer(call -> {
            List<JobMessage> messages = call.getArgument(0);
            published.add(messages.size());
            return new ArrayList<@Nullable BrokerUnavailableException>(Collections.nCopies(messages.size(), null));
        });

        Future<SubmissionBatcher.Published> accepted = clients.submit(() -> batcher.submit(job()));
        assertThatThrownBy(() -> batcher.submit(refused)).isInstanceOf(ActiveJobLimitException.class);

        assertThat(accepted.get(5, TimeUnit.SECONDS).unconfirmed()).isNull();
        assertThat(published.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
    }

    @Test
    void whenRedisCannotBeReachedEveryRequestOfTheBatchIsToldSoAndNothingIsPublished() {
        when(store.createAll(anyList())).thenThrow(new RedisConnectionFailureException("Redis away"));

        assertThatThrownBy(() -> batcher.submit(job())).isInstanceOf(RedisConnectionFailureException.class);
        verify(broker, never()).publishAll(anyList());
        // The lane survives the failure and takes the next batch.
        doReturn(List.of(Recorded.created("token"))).when(store).createAll(anyList());
        everythingConfirmed();
        assertThat(batcher.submit(job()).token()).isEqualTo("token");
    }

    @Test
    void afterShutdownASubmissionIsRefusedAsTheBrokerBeingUnavailable() throws InterruptedException {
        batcher.destroy();

        assertThatThrownBy(() -> batcher.submit(job())).isInstanceOf(BrokerUnavailableException.class);
        verify(store, never()).createAll(anyList());
    }

    /** Waits until this many submissions wait for the lane (the batch-size summary cannot tell before). */
    private void awaitQueued(int count) throws InterruptedException {
        for (int i = 0; i < 500 && batcher.waiting() < count; i++) {
            Thread.sleep(10);
        }
        assertThat(batcher.waiting()).isEqualTo(count);
    }
}
