package dev.slipway.worker.rabbit;

import dev.slipway.model.JobTopology;
import dev.slipway.worker.config.WorkerProperties;
import java.util.ArrayList;
import java.util.List;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The exchanges and this worker's pool queues, declared (again) by the broker admin on every connection. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRabbitBroker
class RabbitTopologyConfig {

    @Bean
    Declarables jobTopology(WorkerProperties properties) {
        DirectExchange jobs = new DirectExchange(JobTopology.JOBS_EXCHANGE, true, false);
        FanoutExchange deadLetters = new FanoutExchange(JobTopology.DEAD_LETTER_EXCHANGE, true, false);
        Queue deadLetterQueue = QueueBuilder.durable(JobTopology.DEAD_LETTER_QUEUE).quorum().build();
        List<Declarable> declarables = new ArrayList<>(List.of(
                jobs, deadLetters, deadLetterQueue, BindingBuilder.bind(deadLetterQueue).to(deadLetters)));
        for (String pool : properties.pools()) {
            declarables.add(routeQueue(pool)); // a pool is the route of its jobs without constraints
            declarables.add(routeBinding(pool));
        }
        return new Declarables(declarables);
    }

    /** A route's quorum queue (a pool's, or a pool's for one set of constraints), declared alike everywhere. */
    static Queue routeQueue(String route) {
        return new Queue(JobTopology.queueForRoute(route), true, false, false, JobTopology.poolQueueArguments());
    }

    /** Binds a route's queue to the jobs exchange by the route itself. */
    static Binding routeBinding(String route) {
        return new Binding(JobTopology.queueForRoute(route), Binding.DestinationType.QUEUE, JobTopology.JOBS_EXCHANGE, route, null);
    }
}
