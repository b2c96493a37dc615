package dev.slipway.messaging.rabbit;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What both applications' RabbitMQ wiring shares; each imports it and adds its own publisher (with
 * its confirm timeout) and, on workers, the job source and the pools' queues.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRabbitBroker
public class RabbitMessaging {

    @Bean
    RabbitRoutes rabbitRoutes(AmqpAdmin admin) {
        return new RabbitRoutes(admin);
    }
}
