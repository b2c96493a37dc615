package dev.slipway.worker.recovery;

import dev.slipway.model.JobId;
import java.time.Instant;
import java.util.List;

/** The jobs waiting in state QUEUED, as the reconcile sweep reads them, a page at a time. */
public interface QueuedJobs {

    /**
     * A queued job.
     *
     * @param attempt the attempts it has had; the next message is for {@code attempt + 1}
     * @param route the queue its messages go to
     * @param queuedSince when it last changed state (was submitted or requeued)
     * @param dispatchPending whether it is scheduled for (re)publishing already
     */
    record Queued(JobId job, int attempt, String route, Instant queuedSince, boolean dispatchPending) {}

    /**
     * Up to {@code limit} queued jobs from position {@code from} of the queued index, and where the
     * next page starts (0 again after the last); jobs whose record cannot be read are left out.
     */
    Page page(long from, int limit);

    record Page(List<Queued> jobs, long next) {}

    /**
     * Schedules the job to be published again at {@code at}, if it is still QUEUED after
     * {@code attempt} attempts and nothing is scheduled for it yet.
     */
    boolean scheduleDispatch(JobId job, int attempt, Instant at);
}
