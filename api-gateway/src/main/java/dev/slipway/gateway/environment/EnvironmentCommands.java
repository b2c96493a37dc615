package dev.slipway.gateway.environment;

import dev.slipway.messaging.JobPublisher;
import dev.slipway.model.EnvironmentCommand;
import dev.slipway.model.EnvironmentRecord;
import dev.slipway.model.EnvironmentTemplate;
import dev.slipway.model.EnvironmentTopology;
import dev.slipway.model.WorkerId;
import java.util.Objects;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends environments' commands: a create to its pool's environment queue, where a worker with room
 * takes it; the rest to the hosting worker's own queue. Each returns once the broker confirmed it.
 */
@Component
record EnvironmentCommands(JobPublisher publisher, JsonMapper json) {

    void create(EnvironmentRecord environment) {
        EnvironmentTemplate template = environment.template();
        send(
                EnvironmentTopology.createRoute(template.pool(), template.constraints()),
                new EnvironmentCommand.Create(environment.id()),
                environment);
    }

    /** Prompts the hosting worker to bring the container in line with the record (stop, start, remove). */
    void settle(EnvironmentRecord environment) {
        send(workerRoute(environment), new EnvironmentCommand.Settle(environment.id()), environment);
    }

    void exec(EnvironmentRecord environment, EnvironmentCommand.Exec exec) {
        send(workerRoute(environment), exec, environment);
    }

    private static String workerRoute(EnvironmentRecord environment) {
        WorkerId worker = Objects.requireNonNull(environment.workerId(), "the environment has no worker yet");
        return EnvironmentTopology.workerRoute(worker);
    }

    private void send(String route, EnvironmentCommand command, EnvironmentRecord environment) {
        publisher.publish(route, environment.id().value(), json.writeValueAsBytes(command));
    }
}
