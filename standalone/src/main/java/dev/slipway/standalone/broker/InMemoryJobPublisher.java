package dev.slipway.standalone.broker;

import dev.slipway.model.JobMessage;
import dev.slipway.model.JobTopology;
import dev.slipway.worker.recovery.JobPublisher;
import tools.jackson.databind.json.JsonMapper;

/** The worker's side of retries and hand-backs: to the route's queue, which must exist, as on RabbitMQ. */
public final class InMemoryJobPublisher implements JobPublisher {

    private final InMemoryBroker broker;
    private final JsonMapper json;

    public InMemoryJobPublisher(InMemoryBroker broker, JsonMapper json) {
        this.broker = broker;
        this.json = json;
    }

    @Override
    public void publish(JobMessage message) {
        broker.publish(JobTopology.queueForRoute(message.spec().route()), json.writeValueAsBytes(message));
    }
}
