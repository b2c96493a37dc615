package dev.slipway.model;

import org.jspecify.annotations.Nullable;

/**
 * What a state change of a job is decided on: the fields of its Redis hash ({@link JobFields}) that
 * a move depends on, read at one moment. A move built from it applies only if the job is still in
 * this state at this attempt (see {@link JobTransition}).
 *
 * @param attempt the current attempt, 0 until a worker first claims the job
 * @param failures attempts the platform failed so far
 * @param maxAttempts how many attempts platform failures may consume
 * @param worker the worker of the current attempt, if one claimed it
 * @param owner the user who submitted the job (its per-owner indexes move with its state)
 */
public record JobRecord(
        JobId id,
        JobState state,
        int attempt,
        int failures,
        int maxAttempts,
        @Nullable WorkerId worker,
        String owner) {}
