package dev.slipway.standalone.broker;

import dev.slipway.messaging.JobPublisher;
import dev.slipway.model.JobMessage;
import dev.slipway.model.JobTopology;
import java.util.OptionalLong;
import tools.jackson.databind.json.JsonMapper;

/** Publishes to the route's queue, declared with its first job as on RabbitMQ; an in-process queue confirms at once. */
public record InMemoryJobPublisher(InMemoryBroker broker, JsonMapper json) implements JobPublisher {

    @Override
    public void publish(JobMessage message) {
        String queue = JobTopology.queueForRoute(message.spec().route());
        broker.declare(queue);
        broker.publish(queue, json.writeValueAsBytes(message));
    }

    @Override
    public void publish(String route, String messageId, byte[] body) {
        String queue = JobTopology.queueForRoute(route);
        broker.declare(queue);
        broker.publish(queue, body);
    }

    @Override
    public boolean removeIdleRoute(String route) {
        return broker.removeIfIdle(JobTopology.queueForRoute(route));
    }

    @Override
    public OptionalLong backlog(String route) {
        return OptionalLong.of(broker.depth(JobTopology.queueForRoute(route)));
    }
}
