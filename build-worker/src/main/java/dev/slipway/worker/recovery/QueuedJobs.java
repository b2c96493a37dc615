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
     * Up to {@code limit} queued jobs of the queued index, in the order of their ids, after the id
     * {@code after} ("" for the first page); jobs whose record cannot be read are left out.
     */
    Page page(String after, int limit);

    /**
     * @param jobs the readable jobs of the page, in order
     * @param lastId the last id of the page, readable or not (null for an empty page)
     * @param end whether the index holds no job after this page
     */
    record Page(
            List<Queued> jobs,
            @org.jspecify.annotations.Nullable String lastId,
            boolean end) {}

    /**
     * Schedules the job to be published again at {@code at}, if it is still QUEUED after
     * {@code attempt} attempts and nothing is scheduled for it yet.
     */
    boolean scheduleDispatch(JobId job, int attempt, Instant at);
}
