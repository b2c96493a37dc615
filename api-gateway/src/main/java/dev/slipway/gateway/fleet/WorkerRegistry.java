package dev.slipway.gateway.fleet;

import dev.slipway.model.WorkerAdmin;
import dev.slipway.model.WorkerId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The registry of workers, kept in Redis by the workers themselves. */
public interface WorkerRegistry {

    /** Every worker that reported within its forget-after time, by id. */
    List<WorkerView> all(Instant now);

    Optional<WorkerView> find(WorkerId id, Instant now);

    /**
     * Records what an operator asks of a worker and signals it to act now.
     *
     * @return false when there is no such worker
     */
    boolean request(WorkerId id, WorkerAdmin admin);

    /** Makes a pool's route for a set of constraints known to the workers, which then consume its queue when they satisfy it. */
    void announceRoute(String pool, String route, Map<String, String> constraints);

    /** Every pool that has had jobs. */
    Set<String> pools();

    /** The pool's own route and its constraint routes. */
    Set<String> routesOf(String pool);

    /** The pool is no longer listed, nor are its constraint routes, until its next job. */
    void forgetPool(String pool);
}
