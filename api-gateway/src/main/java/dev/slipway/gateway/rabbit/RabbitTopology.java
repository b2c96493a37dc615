package dev.slipway.gateway.rabbit;

import dev.slipway.model.JobTopology;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The exchanges every pool queue hangs off. Declared by Spring's RabbitAdmin on every (re)connect;
 * pool queues themselves are declared on demand by {@link RabbitJobQueue}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRabbitBroker
class RabbitTopology {

    @Bean
    DirectExchange jobsExchange() {
        return new DirectExchange(JobTopology.JOBS_EXCHANGE, true, false);
    }

    @Bean
    FanoutExchange deadLetterExchange() {
        return new FanoutExchange(JobTopology.DEAD_LETTER_EXCHANGE, true, false);
    }

    @Bean
    Queue deadLetterQueue() {
        return QueueBuilder.durable(JobTopology.DEAD_LETTER_QUEUE).quorum().build();
    }

    @Bean
    Binding deadLetterBinding(Queue deadLetterQueue, FanoutExchange deadLetterExchange) {
        return BindingBuilder.bind(deadLetterQueue).to(deadLetterExchange);
    }
}
