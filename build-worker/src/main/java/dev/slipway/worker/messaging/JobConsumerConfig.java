package dev.slipway.worker.messaging;

import dev.slipway.model.JobTopology;
import dev.slipway.worker.config.WorkerProperties;
import java.util.ArrayList;
import java.util.List;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Consumes the queues of this worker's pools. One consumer per slot, each with a prefetch of one
 * and acknowledging only when its job is done, so a worker serving one pool never holds more jobs
 * than it has slots, and an idle worker elsewhere gets the next job instead of a busy one hoarding
 * it. Quorum queues do not support a prefetch shared across queues (global QoS), so a worker serving
 * several pools may hold one waiting message per further pool per busy slot; see docs/operations.md.
 */
@Configuration(proxyBeanMethods = false)
class JobConsumerConfig {

    /** The exchanges and this worker's pool queues, declared (again) on every connection. */
    @Bean
    Declarables jobTopology(WorkerProperties properties) {
        DirectExchange jobs = new DirectExchange(JobTopology.JOBS_EXCHANGE, true, false);
        FanoutExchange deadLetters = new FanoutExchange(JobTopology.DEAD_LETTER_EXCHANGE, true, false);
        Queue deadLetterQueue = QueueBuilder.durable(JobTopology.DEAD_LETTER_QUEUE).quorum().build();
        List<Declarable> declarables = new ArrayList<>(List.of(
                jobs, deadLetters, deadLetterQueue, BindingBuilder.bind(deadLetterQueue).to(deadLetters)));
        for (String pool : properties.pools()) {
            Queue queue = new Queue(JobTopology.queueFor(pool), true, false, false, JobTopology.poolQueueArguments());
            declarables.add(queue);
            declarables.add(new Binding(queue.getName(), Binding.DestinationType.QUEUE, JobTopology.JOBS_EXCHANGE, pool, null));
        }
        return new Declarables(declarables);
    }

    @Bean
    SimpleMessageListenerContainer jobListenerContainer(
            ConnectionFactory connectionFactory, JobMessageListener listener, WorkerProperties properties) {
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
        container.setQueueNames(properties.pools().stream().map(JobTopology::queueFor).toArray(String[]::new));
        container.setConcurrentConsumers(properties.slots());
        container.setMaxConcurrentConsumers(properties.slots());
        container.setPrefetchCount(1);
        container.setAcknowledgeMode(AcknowledgeMode.AUTO);
        container.setMissingQueuesFatal(false);
        container.setMessageListener(listener);
        return container;
    }
}
