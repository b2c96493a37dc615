package dev.slipway.model;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A job as clients see it.
 *
 * @param owner the user who submitted the job; only they, operators and admins see it
 * @param attempt the current attempt, 0 until a worker first claims the job
 * @param failures attempts the platform failed (lost worker, Docker error); counted against {@code maxAttempts}
 * @param workerId the worker of the current attempt
 * @param exitCode the container's exit code, once it exited
 * @param error why the platform (not the script) failed the job, in words
 * @param cancelRequestedAt when a cancel was asked for, if one was
 * @param images what an image build job pushed, with the registry's digests; empty for other jobs
 */
public record JobView(
        JobId id,
        JobState state,
        String owner,
        JobSpec spec,
        int attempt,
        int failures,
        @Nullable WorkerId workerId,
        @Nullable Integer exitCode,
        @Nullable String error,
        Instant createdAt,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        @Nullable Instant cancelRequestedAt,
        Instant updatedAt,
        List<PushedImage> images) {

    public JobView {
        images = images == null ? List.of() : List.copyOf(images);
    }
}
