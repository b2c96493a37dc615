package dev.slipway.worker.rabbit;

import dev.slipway.messaging.FailureCountingPublisher;
import dev.slipway.messaging.FailureCountingSource;
import dev.slipway.messaging.JobPublisher;
import dev.slipway.messaging.JobSource;
import dev.slipway.messaging.rabbit.ConditionalOnRabbitBroker;
import dev.slipway.messaging.rabbit.RabbitJobPublisher;
import dev.slipway.messaging.rabbit.RabbitJobSource;
import dev.slipway.messaging.rabbit.RabbitMessaging;
import dev.slipway.messaging.rabbit.RabbitRoutes;
import dev.slipway.messaging.rabbit.RabbitTopology;
import dev.slipway.worker.config.WorkerProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker on RabbitMQ: the exchanges and this worker's pool queues (declared again on every
 * connection), a job source with one channel per slot, and a publisher for retries and hand-backs.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRabbitBroker
@Import(RabbitMessaging.class)
class WorkerRabbitConfig {

    /** Retries and hand-backs are published by background loops, which can afford to wait longer than a client. */
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(10);

    @Bean
    Declarables jobTopology(WorkerProperties properties) {
        return RabbitTopology.declarables(properties.pools());
    }

    @Bean
    JobSource jobSource(ConnectionFactory connections, RabbitRoutes routes, MeterRegistry meters) {
        return new FailureCountingSource(new RabbitJobSource(connections, routes), meters);
    }

    @Bean
    JobPublisher jobPublisher(
            RabbitTemplate rabbit, AmqpAdmin admin, RabbitRoutes routes, JsonMapper json, MeterRegistry meters) {
        return new FailureCountingPublisher(
                new RabbitJobPublisher(rabbit, admin, routes, json, CONFIRM_TIMEOUT), meters);
    }
}
