package dev.slipway.gateway.fleet;

import dev.slipway.gateway.config.GatewayProperties;
import dev.slipway.model.JobSpec;
import dev.slipway.model.JobTopology;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Where a job can run. A job for a pool that no worker served lately (and that the gateway does not
 * declare: {@code slipway.gateway.pools}) is refused, so a typo in a pool name is a 422 rather than
 * a queue nobody reads. A job with constraints that no live worker of its pool could ever run is
 * refused too; one that some worker could run has its route announced, so the workers that satisfy
 * it consume its queue.
 */
@Component
public class Placement {

    /**
     * How old a view of the fleet may be to say yes. A submission reads every worker's hash
     * otherwise, which for a large fleet is most of the request's cost; a "no" is always checked
     * against a fresh read, so a worker that just joined is never refused for being new.
     */
    static final Duration RECENT = Duration.ofSeconds(1);

    private record Snapshot(Instant readAt, List<WorkerView> workers) {}

    private final WorkerRegistry registry;
    private final Clock clock;
    private final GatewayProperties properties;
    private volatile @Nullable Snapshot snapshot;

    public Placement(WorkerRegistry registry, Clock clock, GatewayProperties properties) {
        this.registry = registry;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * @throws UnservedPoolException when no worker served the job's pool within its forget-after time
     *     and the gateway does not declare it
     * @throws NoWorkerCanRunException when no live worker of the job's pool has the labels it asks for
     */
    public void place(JobSpec spec) {
        place(spec.pool(), spec.constraints());
    }

    /**
     * Where an environment of a template can live, judged as for a job of the same pool and constraints.
     *
     * @throws UnservedPoolException as for a job
     * @throws NoWorkerCanRunException as for a job
     */
    public void place(String pool, Map<String, String> constraints) {
        if (constraints.isEmpty() && properties.declares(pool)) {
            return; // a declared pool takes any job without constraints: nothing to look up
        }
        Snapshot recent = snapshot;
        Instant now = clock.instant();
        if (recent == null
                || recent.readAt().plus(RECENT).isBefore(now)
                || !canPlace(pool, constraints, recent.workers(), false)) {
            Snapshot fresh = new Snapshot(now, registry.all(now));
            snapshot = fresh;
            canPlace(pool, constraints, fresh.workers(), true);
        }
        if (!constraints.isEmpty()) {
            registry.announceRoute(pool, JobTopology.routeFor(pool, constraints), constraints);
        }
    }

    /** Whether the job can be placed among these workers; when not and {@code refuse}, throws why. */
    private boolean canPlace(String pool, Map<String, String> constraints, List<WorkerView> known, boolean refuse) {
        if (!properties.declares(pool)
                && known.stream().noneMatch(worker -> worker.pools().contains(pool))) {
            if (refuse) {
                throw new UnservedPoolException(pool);
            }
            return false;
        }
        if (constraints.isEmpty()) {
            return true;
        }
        List<WorkerView> ofPool = known.stream()
                .filter(worker -> worker.isLive() && worker.pools().contains(pool))
                .toList();
        if (ofPool.stream().anyMatch(worker -> JobTopology.satisfies(worker.labels(), constraints))) {
            return true;
        }
        if (refuse) {
            String offered = ofPool.isEmpty()
                    ? "no live worker serves pool '" + pool + "'"
                    : "the live workers of pool '" + pool + "' have "
                            + ofPool.stream()
                                    .map(worker -> worker.id() + " " + worker.labels())
                                    .collect(Collectors.joining("; "));
            throw new NoWorkerCanRunException(constraints, offered);
        }
        return false;
    }
}
