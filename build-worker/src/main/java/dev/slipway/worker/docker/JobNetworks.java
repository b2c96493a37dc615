package dev.slipway.worker.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker networks job containers join, made on first use: a bridge with inter-container traffic
 * off, so a job cannot reach another job's container, and apart from whatever network the
 * worker, Redis, RabbitMQ or the gateway are on. Docker's own modes ({@code none}, {@code bridge},
 * {@code host}) are taken as they are.
 *
 * <p>Each network's bridge interface is named {@code slipjob} and a hash of the network's name, so
 * that one host firewall rule for {@code slipjob+} (deploy/host/job-firewall.sh) keeps job
 * containers from every port of their host: Docker isolates bridges from one another, but a service
 * of the host listening on all addresses would otherwise be reachable at the bridge's address.
 */
final class JobNetworks {

    /** The bridge option that stops containers on the network from talking to one another. */
    static final String ICC_OPTION = "com.docker.network.bridge.enable_icc";

    /** The bridge option that names the network's interface on the host. */
    static final String INTERFACE_OPTION = "com.docker.network.bridge.name";

    /** What every job network's interface name starts with; the host firewall matches it. */
    static final String INTERFACE_PREFIX = "slipjob";

    private static final Logger log = LoggerFactory.getLogger(JobNetworks.class);

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
        Network found = existing.stream()
                .filter(network -> name.equals(network.getName()))
                .findFirst()
                .orElse(null);
        if (found != null && !interfaceName(name).equals(optionOf(found, INTERFACE_OPTION))) {
            found = replaceOlder(found);
        }
        if (found == null) {
            try {
                docker.createNetworkCmd()
                        .withName(name)
                        .withDriver("bridge")
                        .withOptions(Map.of(ICC_OPTION, "false", INTERFACE_OPTION, interfaceName(name)))
                        .withLabels(Map.of("slipway.network", "jobs"))
                        .exec();
            } catch (ConflictException createdMeanwhile) {
                // another worker on this host made it first
            }
        }
        ready.add(name);
    }

    /**
     * A network of the same name made before job networks had interfaces of their own name (by an
     * older worker, or by hand) escapes the host firewall: replaced when no container uses it.
     *
     * @return the network kept, or null when it was removed
     */
    private @Nullable Network replaceOlder(Network older) {
        Network inspected;
        try {
            inspected = docker.inspectNetworkCmd().withNetworkId(older.getId()).exec();
        } catch (NotFoundException replacedMeanwhile) {
            return null; // another slot or worker on this host replaced it first
        }
        if (inspected.getContainers() != null && !inspected.getContainers().isEmpty()) {
            log.warn(
                    "Job network {} was not made by this worker (its interface is not named {}): the host firewall"
                            + " does not cover it; remove it once no container uses it (docker network rm {})",
                    older.getName(),
                    interfaceName(older.getName()),
                    older.getName());
            return older;
        }
        try {
            docker.removeNetworkCmd(older.getId()).exec();
        } catch (NotFoundException removedMeanwhile) {
            // another worker on this host replaced it first
        }
        return null;
    }

    private static @Nullable String optionOf(Network network, String option) {
        Map<String, String> options = network.getOptions();
        return options == null ? null : options.get(option);
    }

    /** The host interface of a job network: at most 15 characters, as Linux allows. */
    static String interfaceName(String network) {
        return INTERFACE_PREFIX + String.format("%08x", network.hashCode());
    }
}
