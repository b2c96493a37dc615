package dev.slipway.worker.intake;

import dev.slipway.messaging.JobSource;
import dev.slipway.model.JobTopology;
import dev.slipway.worker.config.WorkerProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The queues the slots take jobs from: the worker's pools' own, plus the queues of the constraint
 * routes its labels satisfy, which appear as jobs with new constraints are submitted.
 */
@Component
public class IntakeQueues {

    private static final Logger log = LoggerFactory.getLogger(IntakeQueues.class);

    /** The queues at one moment; the version changes whenever they do. */
    record Snapshot(List<String> queues, long version) {}

    private final List<String> poolQueues;
    private final JobSource source;
    private volatile Snapshot current;
    private volatile Set<String> routes = Set.of();

    public IntakeQueues(WorkerProperties properties, JobSource source) {
        this.poolQueues = properties.pools().stream().map(JobTopology::queueFor).toList();
        this.source = source;
        this.current = new Snapshot(poolQueues, 0);
    }

    Snapshot current() {
        return current;
    }

    /** The names of the queues the slots take jobs from now. */
    public List<String> names() {
        return current.queues();
    }

    /** The constraint routes this worker's labels satisfy now (environments of them are placed here too). */
    public Set<String> constraintRoutes() {
        return routes;
    }

    /** Takes jobs from exactly these constraint routes (besides the pools); declares the queues it did not use yet. */
    public synchronized void useRoutes(Set<String> satisfied) {
        Set<String> wanted = new TreeSet<>(satisfied);
        if (wanted.equals(routes)) {
            return;
        }
        for (String route : wanted) {
            if (!routes.contains(route)) {
                source.declareRoute(route);
                log.info(
                        "Taking jobs from {} too: this worker's labels satisfy its constraints",
                        JobTopology.queueForRoute(route));
            }
        }
        List<String> queues = new ArrayList<>(poolQueues);
        wanted.forEach(route -> queues.add(JobTopology.queueForRoute(route)));
        routes = Set.copyOf(wanted);
        current = new Snapshot(List.copyOf(queues), current.version() + 1);
    }
}
