package dev.slipway.standalone.broker;

import dev.slipway.messaging.JobPublisher;
import dev.slipway.model.JobMessage;
import dev.slipway.model.JobTopology;
import java.util.OptionalLong;
import tools.jackson.databind.json.JsonMapper;

/** Publishes to the route's queue, declared with its first job as on RabbitMQ; an in-process queue confirms at once. */
public final class InMemoryJobPublisher implements JobPublisher {

    private final InMemoryBroker broker;
    private final JsonMapper json;

    public InMemoryJobPublisher(InMemoryBroker broker, JsonMapper json) {
        this.broker = broker;
        this.json = json;
    }

    @Override
    public void publish(JobMessage message) {
        String queue = JobTopology.queueForRoute(message.spec().route());
        broker.declare(queue);
        broker.publish(queue, json.writeValueAsBytes(message));
    }

    @Override
    public OptionalLong backlog(String route) {
        return OptionalLong.of(broker.depth(JobTopology.queueForRoute(route)));
    }
}
