package dev.slipway.gateway.fleet;

import dev.slipway.model.WorkerId;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A pool's capacity and backlog.
 *
 * @param queued messages waiting in the pool's queue and in the queues of its constraint routes
 *     (null when the broker cannot be asked)
 * @param workers the live (not GONE) workers serving the pool
 * @param slots their slots in all
 * @param freeSlots their free slots, counting only workers that take jobs now (ACTIVE)
 * @param running jobs running on those workers (a worker serving several pools counts all its jobs)
 */
public record PoolView(
        String name, @Nullable Long queued, List<WorkerId> workers, int slots, int freeSlots, int running) {}
