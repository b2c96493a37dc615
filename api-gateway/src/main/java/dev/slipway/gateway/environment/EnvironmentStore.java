package dev.slipway.gateway.environment;

import dev.slipway.model.EnvironmentId;
import dev.slipway.model.EnvironmentQuota;
import dev.slipway.model.EnvironmentRecord;
import dev.slipway.model.EnvironmentState;
import dev.slipway.model.EnvironmentUpdate;
import dev.slipway.model.QuotaExceeded;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The environments' records, shared with the workers. Implementers owe: {@link #create} checks the
 * quota and records in one atomic step, and {@link #update} is a compare-and-set that never loses a
 * concurrent change (the worker's) and refuses what the transition table forbids.
 */
public interface EnvironmentStore {

    /** Records a new PENDING environment; the quota it would exceed, recording nothing, else empty. */
    Optional<QuotaExceeded> create(EnvironmentRecord environment, EnvironmentQuota quota);

    Optional<EnvironmentRecord> find(EnvironmentId id);

    /**
     * Decides the next record on the current one (empty: no change) and writes it unless it changed meanwhile.
     *
     * @param quota checked when the change makes it hold resources again (a start); null: none
     */
    EnvironmentUpdate update(
            EnvironmentId id,
            Function<EnvironmentRecord, Optional<EnvironmentRecord>> decide,
            @Nullable EnvironmentQuota quota);

    /** A page, newest first: one owner's when given, in one state when given. */
    List<EnvironmentRecord> list(
            @Nullable String owner, @Nullable EnvironmentState state, @Nullable EnvironmentId after, int limit);

    /**
     * Waits for the hosting worker's answer to an exec, put on {@code replyKey}.
     *
     * @return the answer's JSON, or empty when none came within {@code patience}
     */
    Optional<String> awaitReply(String replyKey, Duration patience);

    /** How many environments are in {@code state} now (its index's size: one cheap read). */
    long countIn(EnvironmentState state);

    /** Asks the hosting worker to sample the environment's stats for the next {@code period}. */
    void wantStats(EnvironmentId id, Duration period);
}
