package dev.slipway.worker.execution;

import dev.slipway.model.JobMessage;

/** An attempt this worker has claimed in Redis, ready to run: the message that dispatched it and its number. */
public record ClaimedAttempt(JobMessage message, int attempt) {}
