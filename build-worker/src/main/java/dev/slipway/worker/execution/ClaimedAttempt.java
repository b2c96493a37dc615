package dev.slipway.worker.execution;

import dev.slipway.model.JobMessage;

/**
 * An attempt this worker has claimed in Redis, ready to run: the message that dispatched it and its number.
 *
 * @param claimSentNanos when the claim was sent (System.nanoTime): the attempt's first lease runs
 *     from no earlier than that, so the fence counts from it, not from when the answer came
 */
public record ClaimedAttempt(JobMessage message, int attempt, long claimSentNanos) {}
