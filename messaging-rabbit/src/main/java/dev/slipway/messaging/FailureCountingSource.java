package dev.slipway.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A job source that counts its failures ({@code slipway.rabbit.errors}, operation {@code consume}):
 * a session that could not be opened (the broker is unreachable) or broke while taking or settling
 * a message. Its readers open another session after a backoff; this only makes the outage visible.
 */
public final class FailureCountingSource implements JobSource {

    private final JobSource source;
    private final Counter failures;

    public FailureCountingSource(JobSource source, MeterRegistry registry) {
        this.source = source;
        this.failures = Counter.builder("slipway.rabbit.errors")
                .description("RabbitMQ operations that failed: unreachable broker, refused or unconfirmed publishes")
                .tag("operation", "consume")
                .register(registry);
    }

    @Override
    public void declareRoute(String route) {
        source.declareRoute(route);
    }

    @Override
    public Session open() throws IOException {
        try {
            return new CountingSession(source.open());
        } catch (IOException | RuntimeException e) {
            failures.increment();
            throw e;
        }
    }

    private final class CountingSession implements Session {

        private final Session session;

        CountingSession(Session session) {
            this.session = session;
        }

        @Override
        public @Nullable Delivery next(List<String> queues, BooleanSupplier keepWaiting)
                throws IOException, InterruptedException {
            try {
                return session.next(queues, keepWaiting);
            } catch (IOException | RuntimeException e) {
                failures.increment();
                throw e;
            }
        }

        @Override
        public void ack(Delivery delivery) throws IOException {
            counted(() -> session.ack(delivery));
        }

        @Override
        public void requeue(Delivery delivery) throws IOException {
            counted(() -> session.requeue(delivery));
        }

        @Override
        public void deadLetter(Delivery delivery) throws IOException {
            counted(() -> session.deadLetter(delivery));
        }

        @Override
        public void close() {
            session.close();
        }

        private void counted(Settling settling) throws IOException {
            try {
                settling.run();
            } catch (IOException | RuntimeException e) {
                failures.increment();
                throw e;
            }
        }
    }

    @FunctionalInterface
    private interface Settling {
        void run() throws IOException;
    }
}
