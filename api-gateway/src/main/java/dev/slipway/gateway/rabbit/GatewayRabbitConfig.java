package dev.slipway.gateway.rabbit;

import dev.slipway.gateway.config.GatewayProperties;
import dev.slipway.messaging.FailureCountingPublisher;
import dev.slipway.messaging.JobPublisher;
import dev.slipway.messaging.rabbit.ConditionalOnRabbitBroker;
import dev.slipway.messaging.rabbit.RabbitJobPublisher;
import dev.slipway.messaging.rabbit.RabbitMessaging;
import dev.slipway.messaging.rabbit.RabbitRoutes;
import dev.slipway.messaging.rabbit.RabbitTopology;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway on RabbitMQ: the exchanges every pool queue hangs off (pool queues themselves appear
 * with their first job), and a publisher that waits at most {@code slipway.gateway.publish-timeout}
 * for the broker's confirm before the submission is answered 503.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRabbitBroker
@Import(RabbitMessaging.class)
class GatewayRabbitConfig {

    @Bean
    Declarables jobTopology() {
        return RabbitTopology.declarables(List.of());
    }

    @Bean
    JobPublisher jobPublisher(
            RabbitTemplate rabbit,
            AmqpAdmin admin,
            RabbitRoutes routes,
            JsonMapper json,
            GatewayProperties properties,
            MeterRegistry meters) {
        return new FailureCountingPublisher(
                new RabbitJobPublisher(rabbit, admin, routes, json, properties.publishTimeout()), meters);
    }
}
