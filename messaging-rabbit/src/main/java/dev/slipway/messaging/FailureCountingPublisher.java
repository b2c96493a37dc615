package dev.slipway.messaging;

import dev.slipway.model.JobMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * A publisher that counts the publishes the broker did not confirm ({@code slipway.rabbit.errors},
 * operation {@code publish}), in gateway and worker alike, and passes everything else through.
 */
public final class FailureCountingPublisher implements JobPublisher {

    private final JobPublisher publisher;
    private final Counter failures;

    public FailureCountingPublisher(JobPublisher publisher, MeterRegistry registry) {
        this.publisher = publisher;
        this.failures = Counter.builder("slipway.rabbit.errors")
                .description("RabbitMQ operations that failed: unreachable broker, refused or unconfirmed publishes")
                .tag("operation", "publish")
                .register(registry);
    }

    @Override
    public void publish(JobMessage message) {
        try {
            publisher.publish(message);
        } catch (BrokerUnavailableException e) {
            failures.increment();
            throw e;
        }
    }

    @Override
    public List<@Nullable BrokerUnavailableException> publishAll(List<JobMessage> messages) {
        List<@Nullable BrokerUnavailableException> outcomes = publisher.publishAll(messages);
        outcomes.stream().filter(Objects::nonNull).forEach(failure -> failures.increment());
        return outcomes;
    }

    @Override
    public void publish(String route, String messageId, byte[] body) {
        try {
            publisher.publish(route, messageId, body);
        } catch (BrokerUnavailableException e) {
            failures.increment();
            throw e;
        }
    }

    @Override
    public OptionalLong backlog(String route) {
        return publisher.backlog(route);
    }

    @Override
    public boolean removeIdleRoute(String route) {
        return publisher.removeIdleRoute(route);
    }
}
