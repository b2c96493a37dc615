package dev.slipway.worker.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExpirySweepTest {

    private static final Instant NOW = Instant.parse("2026-12-04T03:00:00Z");

    private final FakeIndex index = new FakeIndex();
    private final List<String> deleted = new ArrayList<>();

    private ExpirySweep<String> sweep(Set<String> failing) {
        return new ExpirySweep<>(
                index,
                item -> {
                    if (failing.contains(item)) {
                        throw new IllegalStateException("store down");
                    }
                    deleted.add(item);
                },
                item -> "item " + item,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void deletesWhatIsDueAndForgetsIt() {
        index.due.put("a", NOW.minusSeconds(1));
        index.due.put("b", NOW);
        index.due.put("later", NOW.plusSeconds(60));

        sweep(Set.of()).sweep();

        assertThat(deleted).containsExactly("a", "b");
        assertThat(index.forgotten).containsExactly("a", "b");
        assertThat(index.due).containsOnlyKeys("later");
    }

    @Test
    void leavesWhatAnotherSweeperClaimedFirst() {
        index.due.put("a", NOW.minusSeconds(1));
        index.claimedElsewhere.add("a");

        sweep(Set.of()).sweep();

        assertThat(deleted).isEmpty();
        assertThat(index.forgotten).isEmpty();
    }

    @Test
    void aFailedDeletionIsPutBackForLaterWithoutStoppingTheOthers() {
        index.due.put("broken", NOW.minusSeconds(2));
        index.due.put("fine", NOW.minusSeconds(1));

        sweep(Set.of("broken")).sweep();

        assertThat(deleted).containsExactly("fine");
        assertThat(index.forgotten).containsExactly("fine");
        assertThat(index.due).containsEntry("broken", NOW.plus(ExpirySweep.RETRY));
    }

    @Test
    void takesABatchAtATime() {
        for (int i = 0; i < ExpirySweep.BATCH + 5; i++) {
            index.due.put("item-" + i, NOW.minusSeconds(1));
        }

        sweep(Set.of()).sweep();

        assertThat(deleted).hasSize(ExpirySweep.BATCH);
        assertThat(index.due).hasSize(5);
    }

    /** An index in memory, in due order, with another sweeper's claims stood in by a set. */
    private static final class FakeIndex implements ExpirySweep.Index<String> {

        final Map<String, Instant> due = new LinkedHashMap<>();
        final List<String> forgotten = new ArrayList<>();
        final List<String> claimedElsewhere = new ArrayList<>();

        @Override
        public List<String> dueBy(Instant now, int limit) {
            return due.entrySet().stream()
                    .filter(entry -> !entry.getValue().isAfter(now))
                    .map(Map.Entry::getKey)
                    .limit(limit)
                    .toList();
        }

        @Override
        public boolean claim(String item, Instant now) {
            if (claimedElsewhere.contains(item)) {
                return false;
            }
            Instant at = due.get(item);
            return at != null && !at.isAfter(now) && due.remove(item) != null;
        }

        @Override
        public void forget(String item) {
            forgotten.add(item);
        }

        @Override
        public void retryLater(String item, Duration delay) {
            due.put(item, NOW.plus(delay));
        }
    }
}
