package dev.slipway.messaging.rabbit;

import dev.slipway.model.EnvironmentTopology;
import dev.slipway.model.JobTopology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;

/**
 * The broker objects Slipway uses, declared alike by gateway and workers: RabbitMQ refuses a
 * declaration whose arguments differ from the existing object's, so every declaration comes from here.
 */
public final class RabbitTopology {

    private RabbitTopology() {}

    /**
     * The jobs exchange, the dead-letter exchange and queue, and the queues of the given pools.
     * As a bean, Spring's RabbitAdmin declares them (again) on every connection.
     */
    public static Declarables declarables(List<String> pools) {
        FanoutExchange deadLetters = new FanoutExchange(JobTopology.DEAD_LETTER_EXCHANGE, true, false);
        Queue deadLetterQueue =
                QueueBuilder.durable(JobTopology.DEAD_LETTER_QUEUE).quorum().build();
        List<Declarable> declarables = new ArrayList<>(List.of(
                new DirectExchange(JobTopology.JOBS_EXCHANGE, true, false),
                deadLetters,
                deadLetterQueue,
                BindingBuilder.bind(deadLetterQueue).to(deadLetters)));
        for (String pool : pools) {
            declarables.add(routeQueue(pool)); // a pool is the route of its jobs without constraints
            declarables.add(routeBinding(pool));
        }
        return new Declarables(declarables);
    }

    /**
     * A worker's own queue (its environments' commands) goes a day after it was last used: worker
     * ids come and go with hosts, and its commands are only prompts that the worker's sweep repeats.
     */
    static final long WORKER_QUEUE_EXPIRY_MILLIS = 24L * 60 * 60 * 1000;

    /** A route's quorum queue: a pool's, or a pool's for one set of constraints, or a worker's own. */
    static Queue routeQueue(String route) {
        Map<String, @Nullable Object> arguments = new HashMap<>(JobTopology.poolQueueArguments());
        if (EnvironmentTopology.isWorkerRoute(route)) {
            arguments.put("x-expires", WORKER_QUEUE_EXPIRY_MILLIS);
        }
        return new Queue(JobTopology.queueForRoute(route), true, false, false, arguments);
    }

    /** Binds a route's queue to the jobs exchange by the route itself. */
    static Binding routeBinding(String route) {
        return new Binding(
                JobTopology.queueForRoute(route),
                Binding.DestinationType.QUEUE,
                JobTopology.JOBS_EXCHANGE,
                route,
                null);
    }
}
