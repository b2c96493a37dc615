package dev.slipway.worker.environment;

import dev.slipway.model.EnvironmentEvent;
import dev.slipway.model.EnvironmentId;
import dev.slipway.model.EnvironmentRecord;
import dev.slipway.model.EnvironmentState;
import dev.slipway.model.EnvironmentUpdate;
import dev.slipway.model.WorkerId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The environments' records as a worker uses them, and the two signals that go through the same
 * store: exec answers and stats samples. Implementers owe what the gateway's store owes:
 * {@link #update} is a compare-and-set that never loses a concurrent change and refuses what the
 * transition table forbids.
 */
public interface EnvironmentRecords {

    Optional<EnvironmentRecord> find(EnvironmentId id);

    /** Decides the next record on the current one (empty: no change) and writes it unless it changed meanwhile. */
    EnvironmentUpdate update(EnvironmentId id, Function<EnvironmentRecord, Optional<EnvironmentRecord>> decide);

    /** The environments a worker hosts that are not over. */
    List<EnvironmentRecord> hostedBy(WorkerId worker);

    /** The ids of the environments a worker hosts that are not over, whether or not their records can be read. */
    Set<String> hostedIds(WorkerId worker);

    /** Environments whose lifetime ran out by {@code now}, whoever hosts them, at most {@code limit}. */
    List<EnvironmentId> expiredBy(Instant now, int limit);

    /** Environments in one state, newest first, at most {@code limit}. */
    List<EnvironmentRecord> inState(EnvironmentState state, int limit);

    /** Puts an exec's answer where the gateway that asked waits; it lapses if nobody takes it. */
    void reply(String replyKey, String answer);

    /** Whether a client watches the environment's stats now. */
    boolean statsWanted(EnvironmentId id);

    void appendStats(EnvironmentEvent.Stats sample);

    /**
     * Takes a fleet-wide duty for {@code term} unless another worker holds it: what only one worker
     * at a time should do (mark the environments of gone workers LOST).
     */
    boolean takeDuty(String duty, WorkerId worker, Duration term);
}
