package dev.slipway.standalone.broker;

import dev.slipway.messaging.JobSource;
import dev.slipway.model.JobTopology;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/** The worker's slots take jobs from the in-process broker, one broker session per slot session. */
public final class InMemoryJobSource implements JobSource {

    private final InMemoryBroker broker;

    /** Declares the pools' queues, as the worker's RabbitMQ topology does on connecting. */
    public InMemoryJobSource(InMemoryBroker broker, List<String> pools) {
        this.broker = broker;
        pools.forEach(this::declareRoute);
    }

    @Override
    public void declareRoute(String route) {
        broker.declare(JobTopology.queueForRoute(route));
    }

    @Override
    public Session open() {
        InMemoryBroker.Session session = broker.open();
        return new Session() {
            @Override
            public @Nullable Delivery next(List<String> queues, BooleanSupplier keepWaiting)
                    throws InterruptedException {
                InMemoryBroker.Session.Taken taken = session.next(queues, keepWaiting);
                return taken == null ? null : new Delivery(taken.tag(), taken.body());
            }

            @Override
            public void ack(Delivery delivery) {
                session.ack(delivery.tag());
            }

            @Override
            public void requeue(Delivery delivery) {
                session.requeue(delivery.tag());
            }

            @Override
            public void deadLetter(Delivery delivery) {
                session.deadLetter(delivery.tag());
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }
}
