package dev.slipway.worker.environment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code slipway.worker.environments.*}: how many environments this worker hosts, apart from its
 * job slots, and how it keeps them.
 *
 * @param max environments hosted at once (any state but over), whatever their size
 * @param memoryBudget the sum of the memory limits of the environments that hold resources (all
 *     but the stopped): a create that would pass it is left to another worker
 * @param sweepInterval how often the hosted environments are checked against their records and
 *     containers (lifetimes, idle stops, lost prompts, exited containers)
 * @param unknownContainerGrace how long a labelled container of this worker whose environment is
 *     over or unknown is left before it is removed
 * @param execOutputCap of stdout and of stderr each, what an exec answers at most
 * @param republishAfter a PENDING environment whose queue is empty this long gets its create again
 * @param removeOnShutdown remove this worker's environment containers when it stops, instead of
 *     leaving them running for when it comes back: for a system whose records end with it (the
 *     standalone mode's private Redis)
 */
@ConfigurationProperties("slipway.worker.environments")
public record EnvironmentSettings(
        int max,
        DataSize memoryBudget,
        Duration sweepInterval,
        Duration unknownContainerGrace,
        DataSize execOutputCap,
        Duration republishAfter,
        boolean removeOnShutdown) {

    public EnvironmentSettings {
        if (max < 0) {
            throw new IllegalArgumentException("slipway.worker.environments.max must not be negative, was " + max);
        }
    }
}
