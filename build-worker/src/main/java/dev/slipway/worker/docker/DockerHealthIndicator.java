package dev.slipway.worker.docker;

import dev.slipway.worker.execution.ContainerRuntime;
import dev.slipway.worker.execution.EngineInfo;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** The {@code docker} health component: up while the engine answers, with its version. Part of readiness. */
@Component("dockerHealthIndicator")
class DockerHealthIndicator extends AbstractHealthIndicator {

    private final ContainerRuntime runtime;

    DockerHealthIndicator(ContainerRuntime runtime) {
        super("the Docker engine does not answer");
        this.runtime = runtime;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        EngineInfo engine = runtime.engineInfo();
        builder.up()
                .withDetail("version", engine.version())
                .withDetail("cpus", engine.cpus())
                .withDetail("memoryBytes", engine.memoryBytes());
    }
}
