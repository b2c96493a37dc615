package dev.slipway.worker.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.model.Network;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Docker networks job containers join, made on first use: a bridge with inter-container traffic
 * off, so a job cannot reach another job's container, and apart from whatever network the
 * worker, Redis, RabbitMQ or the gateway are on. Docker's own modes ({@code none}, {@code bridge},
 * {@code host}) are taken as they are.
 */
final class JobNetworks {

    /** The bridge option that stops containers on the network from talking to one another. */
    static final String ICC_OPTION = "com.docker.network.bridge.enable_icc";

    private static final Set<String> DOCKER_MODES = Set.of("none", "bridge", "host", "default");

    private final DockerClient docker;
    private final Set<String> ready = ConcurrentHashMap.newKeySet();

    JobNetworks(DockerClient docker) {
        this.docker = docker;
    }

    /** Makes sure the network exists, creating it when missing (another worker may race us to it). */
    void ensure(String name) {
        if (DOCKER_MODES.contains(name) || ready.contains(name)) {
            return;
        }
        List<Network> existing = docker.listNetworksCmd().withNameFilter(name).exec();
        boolean found = existing.stream().anyMatch(network -> name.equals(network.getName()));
        if (!found) {
            try {
                docker.createNetworkCmd()
                        .withName(name)
                        .withDriver("bridge")
                        .withOptions(Map.of(ICC_OPTION, "false"))
                        .withLabels(Map.of("slipway.network", "jobs"))
                        .exec();
            } catch (ConflictException createdMeanwhile) {
                // another worker on this host made it first
            }
        }
        ready.add(name);
    }
}
