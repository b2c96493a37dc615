package dev.slipway.gateway.fleet;

import dev.slipway.model.JobSpec;
import dev.slipway.model.JobTopology;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Where a job with constraints can run. A job that no live worker of its pool could ever run is
 * refused at submission instead of waiting forever; one that some worker could run has its route
 * announced, so the workers that satisfy it consume its queue. A job without constraints goes to its
 * pool's queue, whether or not a worker serves the pool yet (workers may be scaled to zero).
 */
@Component
public record Placement(WorkerRegistry registry, Clock clock) {

    /** @throws NoWorkerCanRunException when no live worker of the job's pool has the labels it asks for */
    public void place(JobSpec spec) {
        if (spec.constraints().isEmpty()) {
            return;
        }
        List<WorkerView> ofPool = registry.all(clock.instant()).stream()
                .filter(worker -> worker.isLive() && worker.pools().contains(spec.pool()))
                .toList();
        boolean someoneCan =
                ofPool.stream().anyMatch(worker -> JobTopology.satisfies(worker.labels(), spec.constraints()));
        if (!someoneCan) {
            String offered = ofPool.isEmpty()
                    ? "no live worker serves pool '" + spec.pool() + "'"
                    : "the live workers of pool '" + spec.pool() + "' have "
                            + ofPool.stream()
                                    .map(worker -> worker.id() + " " + worker.labels())
                                    .collect(Collectors.joining("; "));
            throw new NoWorkerCanRunException(spec.constraints(), offered);
        }
        registry.announceRoute(spec.pool(), spec.route(), spec.constraints());
    }
}
