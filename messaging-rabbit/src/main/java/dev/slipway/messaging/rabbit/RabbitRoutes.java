package dev.slipway.messaging.rabbit;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.amqp.core.AmqpAdmin;

/**
 * Declares route queues on demand, once each: a pool (or a pool's constraint route) appears with
 * its first job, and both the gateway (publishing) and the workers (taking) may be first.
 */
public final class RabbitRoutes {

    private final AmqpAdmin admin;
    private final Set<String> declared = ConcurrentHashMap.newKeySet();

    public RabbitRoutes(AmqpAdmin admin) {
        this.admin = admin;
    }

    /** Declares the route's queue and binding unless this process did already. */
    void declare(String route) {
        if (declared.contains(route)) {
            return;
        }
        admin.declareQueue(RabbitTopology.routeQueue(route));
        admin.declareBinding(RabbitTopology.routeBinding(route));
        declared.add(route);
    }

    /** Declares it again next time: it may have been deleted behind this process's back. */
    void forget(String route) {
        declared.remove(route);
    }
}
