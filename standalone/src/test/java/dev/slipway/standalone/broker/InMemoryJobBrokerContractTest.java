package dev.slipway.standalone.broker;

import dev.slipway.messaging.JobPublisher;
import dev.slipway.messaging.JobSource;
import java.util.List;

/** The standalone mode's in-process broker against the job broker contract. */
class InMemoryJobBrokerContractTest extends JobBrokerContract {

    private final InMemoryBroker broker = new InMemoryBroker();
    private final InMemoryJobSource source = new InMemoryJobSource(broker, List.of(pool));

    @Override
    protected JobSource source() {
        return source;
    }

    @Override
    protected JobPublisher publisher() {
        return new InMemoryJobPublisher(broker, json);
    }

    @Override
    protected List<byte[]> deadLetters() {
        return broker.deadLetters();
    }

    @Override
    protected void deleteQueue(String queue) {
        // the broker goes with the test instance
    }
}
