package dev.slipway.standalone.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.messaging.JobPublisher;
import dev.slipway.messaging.JobSource;
import dev.slipway.model.JobId;
import dev.slipway.model.JobMessage;
import dev.slipway.model.JobSpec;
import dev.slipway.model.JobTopology;
import dev.slipway.model.Resources;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the gateway and the worker rely on from their job broker, run against every implementation:
 * RabbitMQ and the standalone mode's in-process broker. A behaviour one of them lacks fails here,
 * so the standalone mode cannot drift from a deployment unnoticed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class JobBrokerContract {

    protected final JsonMapper json = JsonMapper.builder().build();
    /** A pool of this test's own, so tests (and other suites on a shared broker) cannot meet. */
    protected final String pool = "contract-" + UUID.randomUUID().toString().substring(0, 8);

    private final List<JobSource.Session> sessions = new ArrayList<>();

    /** The worker's side. */
    protected abstract JobSource source();

    /** The gateway's submissions and the workers' retries and hand-backs. */
    protected abstract JobPublisher publisher();

    /** The bodies of this test's jobs in the dead-letter queue now (a shared broker may hand each out once). */
    protected abstract List<byte[]> deadLetters() throws Exception;

    /** Removes what a test declared. */
    protected abstract void deleteQueue(String queue) throws Exception;

    /** As a worker does on start: its pools' queues exist before it takes from them. */
    @BeforeEach
    void declareThePool() {
        source().declareRoute(pool);
    }

    @AfterEach
    void closeSessionsAndQueues() throws Exception {
        sessions.forEach(JobSource.Session::close);
        deleteQueue(JobTopology.queueFor(pool));
        deleteQueue(JobTopology.queueForRoute(constrained().spec().route()));
    }

    @Test
    void aMessageOtherThanAJobReachesItsRouteWhichThePublishDeclares() throws Exception {
        String route = "env+" + pool;
        byte[] body = "{\"type\":\"create\",\"environmentId\":\"e\"}".getBytes(StandardCharsets.UTF_8);
        try {
            publisher().publish(route, "env-1", body);

            JobSource.Delivery delivery = awaitNext(open(), List.of(JobTopology.queueForRoute(route)));
            assertThat(delivery.body()).isEqualTo(body);
        } finally {
            deleteQueue(JobTopology.queueForRoute(route));
        }
    }

    @Test
    void anIdleRouteIsRemovedAndDeclaredAgainByTheNextPublish() throws Exception {
        publisher().publish(job(pool));
        JobSource.Session session = open();
        JobSource.Delivery delivery = awaitNext(session, poolQueue());
        session.ack(delivery);
        session.close(); // a consumer keeps a queue as much as a message does

        assertThat(removedWithin(pool, Duration.ofSeconds(5))).isTrue();
        assertThat(publisher().backlog(pool)).hasValue(0);

        JobMessage again = job(pool);
        publisher().publish(again);
        JobSource.Delivery redelivered = awaitNext(open(), poolQueue());
        assertThat(json.readValue(redelivered.body(), JobMessage.class)).isEqualTo(again);
    }

    @Test
    void aRouteWithAWaitingMessageIsKept() throws Exception {
        JobMessage waiting = job(pool);
        publisher().publish(waiting);

        assertThat(removedWithin(pool, Duration.ofSeconds(1))).isFalse();

        JobSource.Delivery delivery = awaitNext(open(), poolQueue());
        assertThat(json.readValue(delivery.body(), JobMessage.class)).isEqualTo(waiting);
    }

    @Test
    void aPublishedJobIsTakenWithItsMessageIntact() throws Exception {
        JobMessage job = job(pool);
        publisher().publish(job);

        JobSource.Delivery delivery = open().next(poolQueue(), () -> false);

        assertThat(delivery).isNotNull();
        assertThat(json.readValue(delivery.body(), JobMessage.class)).isEqualTo(job);
    }

    @Test
    void jobsOfOneQueueAreTakenInTheOrderTheyWerePublished() throws Exception {
        List<JobMessage> jobs = List.of(job(pool), job(pool), job(pool));
        jobs.forEach(publisher()::publish);
        JobSource.Session session = open();

        List<JobMessage> taken = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            JobSource.Delivery delivery = session.next(poolQueue(), () -> false);
            taken.add(json.readValue(delivery.body(), JobMessage.class));
            session.ack(delivery);
        }

        assertThat(taken).containsExactlyElementsOf(jobs);
    }

    @Test
    void anAcknowledgedJobIsGoneForGood() throws Exception {
        publisher().publish(job(pool));
        JobSource.Session first = open();
        first.ack(first.next(poolQueue(), () -> false));
        first.close();

        assertThat(open().next(poolQueue(), () -> false)).isNull();
        assertThat(publisher().backlog(pool)).hasValue(0);
    }

    @Test
    void aTakenJobIsHeldForItsTakerAlone() throws Exception {
        publisher().publish(job(pool));
        JobSource.Session taker = open();
        assertThat(taker.next(poolQueue(), () -> false)).isNotNull();

        assertThat(open().next(poolQueue(), () -> false)).isNull();
    }

    @Test
    void aJobItsTakerDidNotSettleGoesBackWhenTheTakerIsGone() throws Exception {
        JobMessage job = job(pool);
        publisher().publish(job);
        JobSource.Session crashed = open();
        assertThat(crashed.next(poolQueue(), () -> false)).isNotNull();

        crashed.close();

        JobSource.Delivery again = awaitNext(open(), poolQueue());
        assertThat(json.readValue(again.body(), JobMessage.class)).isEqualTo(job);
    }

    @Test
    void aRequeuedJobCanBeTakenAgain() throws Exception {
        JobMessage job = job(pool);
        publisher().publish(job);
        JobSource.Session session = open();
        session.requeue(session.next(poolQueue(), () -> false));

        JobSource.Delivery again = awaitNext(open(), poolQueue());

        assertThat(json.readValue(again.body(), JobMessage.class)).isEqualTo(job);
    }

    @Test
    void aDeadLetteredJobLeavesItsQueueForTheDeadLetterQueue() throws Exception {
        JobMessage job = job(pool);
        publisher().publish(job);
        JobSource.Session session = open();

        session.deadLetter(session.next(poolQueue(), () -> false));

        assertThat(open().next(poolQueue(), () -> false)).isNull();
        assertThat(awaitDeadLetterOf(job)).isTrue();
    }

    @Test
    void aWaitingTakerGetsAJobPublishedWhileItWaits() throws Exception {
        JobSource.Session session = open();
        CompletableFuture<JobSource.Delivery> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return session.next(poolQueue(), () -> true);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(500); // the taker is waiting by now
        JobMessage job = job(pool);
        publisher().publish(job);

        JobSource.Delivery delivery = waiting.get(10, TimeUnit.SECONDS);

        assertThat(json.readValue(delivery.body(), JobMessage.class)).isEqualTo(job);
    }

    @Test
    void aTakerThatStopsWaitingLeavesLaterJobsForOthers() throws Exception {
        AtomicBoolean keepWaiting = new AtomicBoolean(true);
        JobSource.Session session = open();
        CompletableFuture<JobSource.Delivery> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return session.next(poolQueue(), keepWaiting::get);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);

        keepWaiting.set(false);

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isNull();
        publisher().publish(job(pool));
        assertThat(awaitNext(open(), poolQueue())).isNotNull();
    }

    @Test
    void aTakerServesAllItsQueuesInTurn() throws Exception {
        JobMessage first = job(pool);
        JobMessage second = job(pool);
        JobMessage constrainedJob = constrained();
        publisher().publish(first);
        publisher().publish(second);
        publisher().publish(constrainedJob);
        List<String> both = List.of(
                JobTopology.queueFor(pool),
                JobTopology.queueForRoute(constrainedJob.spec().route()));
        JobSource.Session session = open();

        List<JobMessage> taken = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            JobSource.Delivery delivery = session.next(both, () -> false);
            taken.add(json.readValue(delivery.body(), JobMessage.class));
            session.ack(delivery);
        }

        assertThat(taken).containsExactly(first, constrainedJob);
    }

    @Test
    void aJobReachesOnlyItsOwnRoutesQueue() throws Exception {
        JobMessage constrainedJob = constrained();
        publisher().publish(constrainedJob);

        assertThat(open().next(poolQueue(), () -> false)).isNull();
        JobSource.Delivery delivery = open().next(
                        List.of(JobTopology.queueForRoute(constrainedJob.spec().route())), () -> false);
        assertThat(json.readValue(delivery.body(), JobMessage.class)).isEqualTo(constrainedJob);
    }

    @Test
    void theBacklogCountsJobsWaitingInARoutesQueue() throws Exception {
        for (int i = 0; i < 3; i++) {
            publisher().publish(job(pool));
        }

        assertThat(publisher().backlog(pool)).hasValue(3);
    }

    @Test
    void aRetryPublishedByAWorkerIsTakenLikeTheFirstAttempt() throws Exception {
        JobMessage first = job(pool);
        publisher().publish(first);
        JobSource.Session session = open();
        session.ack(session.next(poolQueue(), () -> false));

        JobMessage retry = JobMessage.forAttempt(first.jobId(), first.spec(), 2);
        publisher().publish(retry);

        JobSource.Delivery delivery = session.next(poolQueue(), () -> false);
        assertThat(json.readValue(delivery.body(), JobMessage.class)).isEqualTo(retry);
    }

    @Test
    void aWorkerDeclaresTheQueueOfARouteBeforeTakingFromIt() throws Exception {
        String route = constrained().spec().route();

        source().declareRoute(route);

        assertThat(open().next(List.of(JobTopology.queueForRoute(route)), () -> false))
                .isNull();
        assertThat(publisher().backlog(route)).hasValue(0);
    }

    protected JobMessage job(String pool) {
        JobId id = JobId.of(UUID.randomUUID().toString());
        return JobMessage.first(
                id,
                new JobSpec(
                        "busybox:latest",
                        List.of("true"),
                        null,
                        Map.of(),
                        null,
                        new Resources(1, 256, 128),
                        60,
                        pool,
                        Map.of(),
                        3,
                        Map.of(),
                        List.of(),
                        null,
                        0,
                        null));
    }

    private JobMessage constrained() {
        JobMessage plain = job(pool);
        JobSpec spec = plain.spec();
        return JobMessage.first(
                plain.jobId(),
                new JobSpec(
                        spec.image(),
                        spec.script(),
                        spec.command(),
                        spec.env(),
                        spec.workdir(),
                        spec.resources(),
                        spec.timeoutSeconds(),
                        spec.pool(),
                        spec.labels(),
                        spec.maxAttempts(),
                        Map.of("disk", "ssd"),
                        List.of(),
                        null,
                        0,
                        null));
    }

    private List<String> poolQueue() {
        return List.of(JobTopology.queueFor(pool));
    }

    private JobSource.Session open() throws Exception {
        JobSource.Session session = source().open();
        sessions.add(session);
        return session;
    }

    /** The broker counts a closed session's consumer out a moment after the close. */
    private boolean removedWithin(String route, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!publisher().removeIdleRoute(route)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** A returned message may take the broker a moment to make available again. */
    private static JobSource.Delivery awaitNext(JobSource.Session session, List<String> queues) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JobSource.Delivery delivery = session.next(queues, () -> System.nanoTime() < deadline);
        assertThat(delivery).as("a message within 10 s").isNotNull();
        return delivery;
    }

    private boolean awaitDeadLetterOf(JobMessage job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (byte[] body : deadLetters()) {
                if (json.readValue(body, JobMessage.class).jobId().equals(job.jobId())) {
                    return true;
                }
            }
            Thread.sleep(100);
        }
        return false;
    }
}
