package dev.slipway.standalone.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The in-process broker's own rules, beyond the contract: the delivery limit (RabbitMQ's counting
 * of returned messages changed across versions, so the contract leaves it out) and misuse.
 */
class InMemoryBrokerTest {

    private static final List<String> QUEUE = List.of("q");

    private final InMemoryBroker broker = new InMemoryBroker(2);

    @Test
    void aMessageReturnedMoreOftenThanTheDeliveryLimitIsDeadLettered() throws Exception {
        broker.declare("q");
        broker.publish("q", "poison".getBytes(StandardCharsets.UTF_8));

        for (int taker = 1; taker <= 3; taker++) {
            InMemoryBroker.Session session = broker.open();
            assertThat(session.next(QUEUE, () -> false))
                    .as("delivery %d", taker)
                    .isNotNull();
            session.close();
        }

        assertThat(broker.open().next(QUEUE, () -> false)).isNull();
        assertThat(broker.deadLetters())
                .extracting(body -> new String(body, StandardCharsets.UTF_8))
                .containsExactly("poison");
    }

    @Test
    void aRequeueDoesNotCountAgainstTheDeliveryLimit() throws Exception {
        broker.declare("q");
        broker.publish("q", new byte[] {1});
        InMemoryBroker.Session session = broker.open();

        for (int i = 0; i < 5; i++) {
            session.requeue(session.next(QUEUE, () -> false).tag());
        }

        assertThat(session.next(QUEUE, () -> false)).isNotNull();
        assertThat(broker.deadLetters()).isEmpty();
    }

    @Test
    void aMessageForAQueueNobodyDeclaredIsRefused() {
        assertThatThrownBy(() -> broker.publish("nowhere", new byte[] {1}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unroutable");
    }

    @Test
    void aDeliverySettledTwiceIsRefused() throws Exception {
        broker.declare("q");
        broker.publish("q", new byte[] {1});
        InMemoryBroker.Session session = broker.open();
        long tag = session.next(QUEUE, () -> false).tag();
        session.ack(tag);

        assertThatThrownBy(() -> session.ack(tag)).isInstanceOf(IllegalArgumentException.class);
    }
}
