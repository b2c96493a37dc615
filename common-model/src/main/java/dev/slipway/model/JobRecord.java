package dev.slipway.model;

import java.time.Instant;
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
 * @param pool the pool the job's spec names
 * @param times when the job was created, its current attempt started, and it last moved
 */
public record JobRecord(
        JobId id,
        JobState state,
        int attempt,
        int failures,
        int maxAttempts,
        @Nullable WorkerId worker,
        String owner,
        String pool,
        Times times) {

    /** Moments of a job's record, each absent when its hash does not hold it (yet). */
    public record Times(
            @Nullable Instant created,
            @Nullable Instant started,
            @Nullable Instant updated) {

        public static final Times UNKNOWN = new Times(null, null, null);
    }
}
