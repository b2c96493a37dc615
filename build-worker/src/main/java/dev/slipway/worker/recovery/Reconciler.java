package dev.slipway.worker.recovery;

import dev.slipway.messaging.JobPublisher;
import dev.slipway.worker.config.WorkerProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Publishes again the QUEUED jobs that no message carries any more: a Redis failover that lost a
 * claim after the broker's ack, or a submission whose publish and withdraw both failed, leaves a job
 * QUEUED with nothing in its queue and nothing scheduled.
 *
 * <p>The broker cannot be asked about one message, so a job counts as stranded when it has been
 * QUEUED for longer than {@code reconcile-after}, has no dispatch scheduled, and its queue holds no
 * message at all. A stranded job is scheduled for dispatch (the {@link Dispatcher} publishes it).
 * That is safe even when the guess is wrong (a message held unacknowledged by a worker just then):
 * claims are compare-and-set, and the duplicate is ignored. It is bounded: a page of the QUEUED index
 * per run, at most {@link #MAX_PER_RUN} jobs scheduled, and never while the job's queue has a backlog,
 * so a healthy but busy pool gets no duplicates (its stranded jobs wait for the backlog to drain,
 * within their queue timeout).
 */
@Component
class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    static final int PAGE = 500;
    static final int MAX_PER_RUN = 100;

    private final QueuedJobs queued;
    private final JobPublisher publisher;
    private final WorkerProperties properties;
    private final Clock clock;
    /**
     * The id after which the next run reads the QUEUED index ("" for its start), so that a long index
     * is covered over several runs, each taking up where the last one stopped looking.
     */
    private final AtomicReference<String> position = new AtomicReference<>("");

    Reconciler(QueuedJobs queued, JobPublisher publisher, WorkerProperties properties, Clock clock) {
        this.queued = queued;
        this.publisher = publisher;
        this.properties = properties;
        this.clock = clock;
    }

    /** @return how many jobs were scheduled to be published again */
    int reconcile() {
        Instant now = clock.instant();
        Duration after = properties.recovery().reconcileAfter();
        QueuedJobs.Page page = queued.page(position.get(), PAGE);
        Map<String, OptionalLong> backlogs = new HashMap<>();
        int scheduled = 0;
        @Nullable String lastLookedAt = null;
        for (QueuedJobs.Queued job : page.jobs()) {
            if (scheduled == MAX_PER_RUN) {
                break;
            }
            lastLookedAt = job.job().value();
            if (job.dispatchPending() || job.queuedSince().plus(after).isAfter(now)) {
                continue;
            }
            OptionalLong backlog = backlogs.computeIfAbsent(job.route(), publisher::backlog);
            if (backlog.isEmpty() || backlog.getAsLong() > 0) {
                continue; // the broker cannot say, or the job's message may be among those waiting
            }
            if (queued.scheduleDispatch(job.job(), job.attempt(), now)) {
                scheduled++;
                log.warn(
                        "Job {} has been QUEUED since {} with no message in its queue {}; publishing it again",
                        job.job(),
                        job.queuedSince(),
                        job.route());
            }
        }
        // Go on after the last job looked at; after a whole page, after its last id; at the end, from the start.
        String lastId = page.lastId();
        if (scheduled == MAX_PER_RUN && lastLookedAt != null) {
            position.set(lastLookedAt);
        } else {
            position.set(page.end() || lastId == null ? "" : lastId);
        }
        return scheduled;
    }
}
