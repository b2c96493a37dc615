package dev.slipway.standalone;

import dev.slipway.messaging.JobPublisher;
import dev.slipway.messaging.JobSource;
import dev.slipway.standalone.broker.InMemoryBroker;
import dev.slipway.standalone.broker.InMemoryJobPublisher;
import dev.slipway.standalone.broker.InMemoryJobSource;
import dev.slipway.worker.config.WorkerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The in-process broker's adapters, in place of the RabbitMQ ones ({@code slipway.broker=in-process}
 * switches those off). The broker itself is one object shared by both application contexts.
 */
final class InProcessBrokerWiring {

    private InProcessBrokerWiring() {}

    @Configuration(proxyBeanMethods = false)
    static class Gateway {

        @Bean
        JobPublisher jobPublisher(InMemoryBroker broker, JsonMapper json) {
            return new InMemoryJobPublisher(broker, json);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Worker {

        @Bean
        JobSource jobSource(InMemoryBroker broker, WorkerProperties properties) {
            return new InMemoryJobSource(broker, properties.pools());
        }

        @Bean
        JobPublisher jobPublisher(InMemoryBroker broker, JsonMapper json) {
            return new InMemoryJobPublisher(broker, json);
        }
    }
}
