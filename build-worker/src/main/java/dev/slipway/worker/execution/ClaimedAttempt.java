package dev.slipway.worker.execution;

import dev.slipway.model.JobMessage;
import dev.slipway.model.JobRecord;

/**
 * An attempt this worker has claimed in Redis, ready to run: the message that dispatched it, and the
 * job's record as the claim left it (RUNNING at the attempt, on this worker), on which its settling
 * move is decided without reading the record again.
 *
 * @param claimSentNanos when the claim was sent (System.nanoTime): the attempt's first lease runs
 *     from no earlier than that, so the fence counts from it, not from when the answer came
 */
public record ClaimedAttempt(JobMessage message, JobRecord running, long claimSentNanos) {

    public int attempt() {
        return running.attempt();
    }
}
