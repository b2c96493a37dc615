package dev.slipway.gateway.stream;

import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One event stream a client follows: a Redis stream from a position, how its entries become events
 * and, for a job's stream, how to learn that the job has ended, so that the stream ends with it.
 *
 * @param afterId the entry after which the client's stream begins
 * @param jobEnd asked when the stream is idle: the job's end, once it has one; null for a stream
 *     that never ends (every job's state changes)
 */
record SseStream(
        String key,
        String afterId,
        SseRenderer renderer,
        @Nullable Supplier<Optional<JobEnd>> jobEnd,
        int entriesPerRead) {

    /** State events are small: their history is read in pages of this many. */
    static final int EVENT_ENTRIES_PER_READ = 500;

    static SseStream endless(String key, String afterId, SseRenderer renderer) {
        return new SseStream(key, afterId, renderer, null, EVENT_ENTRIES_PER_READ);
    }
}
