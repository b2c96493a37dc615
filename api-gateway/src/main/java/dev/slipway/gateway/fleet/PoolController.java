package dev.slipway.gateway.fleet;

import dev.slipway.messaging.JobPublisher;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Every pool that has jobs or workers: how much waits, and how much capacity serves it. */
@Tag(name = "pools", description = "Pools: the workers that serve them and their backlog.")
@RestController
@RequestMapping("/api/v1/pools")
record PoolController(WorkerRegistry registry, JobPublisher broker, Clock clock) {

    @GetMapping
    List<PoolView> list() {
        List<WorkerView> live = registry.all(clock.instant()).stream()
                .filter(WorkerView::isLive)
                .toList();
        Set<String> names = new TreeSet<>(registry.pools());
        live.forEach(worker -> names.addAll(worker.pools()));
        return names.stream().map(name -> pool(name, live)).toList();
    }

    private PoolView pool(String name, List<WorkerView> live) {
        List<WorkerView> serving =
                live.stream().filter(worker -> worker.pools().contains(name)).toList();
        return new PoolView(
                name,
                queued(name),
                serving.stream().map(WorkerView::id).toList(),
                serving.stream().mapToInt(WorkerView::slots).sum(),
                serving.stream().mapToInt(WorkerView::freeSlots).sum(),
                serving.stream().mapToInt(worker -> worker.running().size()).sum());
    }

    private @Nullable Long queued(String pool) {
        long total = 0;
        for (String route : registry.routesOf(pool)) {
            OptionalLong backlog = broker.backlog(route);
            if (backlog.isEmpty()) {
                return null; // the broker is away: the rest of the answer still holds
            }
            total += backlog.getAsLong();
        }
        return total;
    }
}
