package dev.slipway.gateway.stream;

import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Append-only, replayable streams of job events (Redis streams). History is read directly; live
 * entries come from one shared reader per gateway that fans out in memory, so a thousand clients
 * watching one job cost one Redis read, not a thousand.
 */
public interface EventStreams {

    /** Entries after {@code afterId} (exclusive; from the start when null), oldest first, at most {@code count}. */
    List<StreamEntry> readAfter(String key, @Nullable String afterId, int count);

    /** The id of the newest entry, or null when the stream is empty or missing. */
    @Nullable
    String lastId(String key);

    /**
     * Delivers every entry appended after {@code afterId} to {@code listener}, in order, from the
     * shared reader's thread: the listener must not block.
     */
    Subscription subscribe(String key, String afterId, Consumer<StreamEntry> listener);

    /** Stops deliveries; idempotent. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /** The id that sorts before every real entry: "from the start". */
    String BEGINNING = "0-0";
}
