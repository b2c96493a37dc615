package dev.slipway.worker.expiry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over an expiry index, a batch at a time. Every worker sweeps; an item is deleted by the
 * one that claims it off the index (only while it is still due, so something that renewed it
 * meanwhile keeps it), and one whose deletion failed is put back, due again a minute later,
 * without holding up the others.
 *
 * @param <T> what the index holds: an upload's id, a job attempt's artifacts
 */
public final class ExpirySweep<T> {

    /** The index, as a sweep needs it. */
    public interface Index<T> {

        /** Items due by {@code now}, at most {@code limit}. */
        List<T> dueBy(Instant now, int limit);

        /** Takes an item off the index if it is still due; true for the one caller that did. */
        boolean claim(T item, Instant now);

        /** Removes what records the item, once it is deleted. */
        void forget(T item);

        /** Puts an item whose deletion failed back on the index, due again after {@code delay}. */
        void retryLater(T item, Duration delay);
    }

    static final int BATCH = 100;
    static final Duration RETRY = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(ExpirySweep.class);

    private final Index<T> index;
    private final Consumer<T> deletion;
    private final Function<T, String> name;
    private final Clock clock;

    /**
     * @param deletion deletes the item's bytes; a {@link RuntimeException} from it leaves the item
     *     to a later sweep
     * @param name how the log names an item ("upload upl_…")
     */
    public ExpirySweep(Index<T> index, Consumer<T> deletion, Function<T, String> name, Clock clock) {
        this.index = index;
        this.deletion = deletion;
        this.name = name;
        this.clock = clock;
    }

    public void sweep() {
        Instant now = clock.instant();
        for (T item : index.dueBy(now, BATCH)) {
            if (!index.claim(item, now)) {
                continue; // another sweeper took it, or it was renewed meanwhile
            }
            try {
                deletion.accept(item);
                index.forget(item);
                log.info("{} expired: deleted", name.apply(item));
            } catch (RuntimeException e) {
                log.warn("Deleting the expired {} failed; trying again later: {}", name.apply(item), e.toString());
                index.retryLater(item, RETRY);
            }
        }
    }
}
