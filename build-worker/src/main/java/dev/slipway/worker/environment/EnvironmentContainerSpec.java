package dev.slipway.worker.environment;

import dev.slipway.model.EnvironmentTemplate;
import dev.slipway.model.WorkerId;
import dev.slipway.worker.execution.ContainerSpecs;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The container to make for one environment.
 *
 * @param environmentId the environment's id; it also names the container, so it must be a valid
 *     Docker name: a letter or digit, then letters, digits, '_', '.' or '-'
 * @param owner who the environment belongs to
 * @param worker the worker that hosts it
 * @param template the environment's own copy of its template: image, command, env, workdir, user
 *     and resources come from it
 * @param capabilities the Linux capabilities kept, as for jobs; all others are dropped
 * @param network the network to join (the worker's job network); Docker's default bridge when null
 * @param extraLabels more labels for the container (tests mark theirs); the environment's own win
 */
public record EnvironmentContainerSpec(
        String environmentId,
        String owner,
        WorkerId worker,
        EnvironmentTemplate template,
        List<String> capabilities,
        @Nullable String network,
        Map<String, String> extraLabels) {

    private static final Pattern DOCKER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,199}");

    public EnvironmentContainerSpec {
        if (!DOCKER_NAME.matcher(environmentId).matches()) {
            throw new IllegalArgumentException("not an environment id that can name a container: " + environmentId);
        }
        capabilities = List.copyOf(capabilities);
        extraLabels = Map.copyOf(extraLabels);
    }

    public EnvironmentContainerSpec(
            String environmentId,
            String owner,
            WorkerId worker,
            EnvironmentTemplate template,
            List<String> capabilities,
            @Nullable String network) {
        this(environmentId, owner, worker, template, capabilities, network, Map.of());
    }

    /** The container's labels: the extra ones, then those {@link EnvironmentContainer#fromLabels} reads. */
    public Map<String, String> labels() {
        Map<String, String> labels = new HashMap<>(extraLabels);
        labels.put(EnvironmentContainer.ENVIRONMENT_LABEL, environmentId);
        labels.put(EnvironmentContainer.OWNER_LABEL, owner);
        labels.put(ContainerSpecs.WORKER_LABEL, worker.value());
        return Map.copyOf(labels);
    }
}
