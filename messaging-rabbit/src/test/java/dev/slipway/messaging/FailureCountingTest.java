package dev.slipway.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The broker's failures are counted as they pass through, and still reach the caller. */
class FailureCountingTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void anUnconfirmedPublishIsCountedAndRethrownAConfirmedOneIsNot() {
        JobPublisher broker = mock(JobPublisher.class);
        JobPublisher publisher = new FailureCountingPublisher(broker, meters);
        publisher.publish("pool", "id-1", new byte[0]);
        doThrow(new BrokerUnavailableException("no confirm"))
                .when(broker)
                .publish(any(String.class), any(String.class), any(byte[].class));

        assertThatThrownBy(() -> publisher.publish("pool", "id-2", new byte[0]))
                .isInstanceOf(BrokerUnavailableException.class);

        assertThat(errors("publish")).isEqualTo(1.0);
    }

    @Test
    void aSessionThatCannotOpenOrBreaksIsCounted() throws Exception {
        JobSource broker = mock(JobSource.class);
        JobSource.Session broken = mock(JobSource.Session.class);
        when(broker.open())
                .thenThrow(new IllegalStateException("connection refused"))
                .thenReturn(broken);
        when(broken.next(any(), any())).thenReturn(null).thenThrow(new IOException("channel closed"));
        JobSource source = new FailureCountingSource(broker, meters);

        assertThatThrownBy(source::open).isInstanceOf(IllegalStateException.class);
        JobSource.Session session = source.open();
        assertThat(session.next(List.of("q"), () -> false)).isNull();
        assertThat(errors("consume")).isEqualTo(1.0);
        assertThatThrownBy(() -> session.next(List.of("q"), () -> false)).isInstanceOf(IOException.class);

        assertThat(errors("consume")).isEqualTo(2.0);
    }

    private double errors(String operation) {
        return meters.get("slipway.rabbit.errors")
                .tag("operation", operation)
                .counter()
                .count();
    }
}
