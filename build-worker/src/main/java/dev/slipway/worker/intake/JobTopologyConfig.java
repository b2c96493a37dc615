package dev.slipway.worker.intake;

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
class JobTopologyConfig {

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
}
