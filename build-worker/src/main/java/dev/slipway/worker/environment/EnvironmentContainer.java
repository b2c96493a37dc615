package dev.slipway.worker.environment;

import dev.slipway.worker.execution.ContainerSpecs;
import java.util.Map;
import java.util.Optional;

/**
 * A container on this host that some worker made for an environment, as its labels say.
 *
 * @param running whether it runs now; false when it is stopped (its filesystem kept) or was never started
 */
public record EnvironmentContainer(String id, String environmentId, String owner, String worker, boolean running) {

    public static final String ENVIRONMENT_LABEL = "slipway.env";
    public static final String OWNER_LABEL = "slipway.owner";

    /** Empty when the labels are not those of an environment's container (or were tampered with). */
    public static Optional<EnvironmentContainer> fromLabels(String id, Map<String, String> labels, boolean running) {
        String environment = labels.get(ENVIRONMENT_LABEL);
        String owner = labels.get(OWNER_LABEL);
        String worker = labels.get(ContainerSpecs.WORKER_LABEL);
        if (environment == null || environment.isBlank() || owner == null || worker == null || worker.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new EnvironmentContainer(id, environment, owner, worker, running));
    }
}
