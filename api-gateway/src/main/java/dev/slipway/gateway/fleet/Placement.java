package dev.slipway.gateway.fleet;

import dev.slipway.gateway.config.GatewayProperties;
import dev.slipway.model.JobSpec;
import dev.slipway.model.JobTopology;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Where a job can run. A job for a pool that no worker served lately (and that the gateway does not
 * declare: {@code slipway.gateway.pools}) is refused, so a typo in a pool name is a 422 rather than
 * a queue nobody reads. A job with constraints that no live worker of its pool could ever run is
 * refused too; one that some worker could run has its route announced, so the workers that satisfy
 * it consume its queue.
 */
@Component
public record Placement(WorkerRegistry registry, Clock clock, GatewayProperties properties) {

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
        List<WorkerView> known = registry.all(clock.instant());
        if (!properties.declares(pool)
                && known.stream().noneMatch(worker -> worker.pools().contains(pool))) {
            throw new UnservedPoolException(pool);
        }
        if (constraints.isEmpty()) {
            return;
        }
        List<WorkerView> ofPool = known.stream()
                .filter(worker -> worker.isLive() && worker.pools().contains(pool))
                .toList();
        boolean someoneCan = ofPool.stream().anyMatch(worker -> JobTopology.satisfies(worker.labels(), constraints));
        if (!someoneCan) {
            String offered = ofPool.isEmpty()
                    ? "no live worker serves pool '" + pool + "'"
                    : "the live workers of pool '" + pool + "' have "
                            + ofPool.stream()
                                    .map(worker -> worker.id() + " " + worker.labels())
                                    .collect(Collectors.joining("; "));
            throw new NoWorkerCanRunException(constraints, offered);
        }
        registry.announceRoute(pool, JobTopology.routeFor(pool, constraints), constraints);
    }
}
