package dev.slipway.gateway.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.slipway.model.TerminalWire;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

class TerminalConnectionTest {

    @Test
    void aSlowClientNeverHoldsUpWhoOffersAndIsDisconnectedPastItsBuffer() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        WebSocketSession socket = socket(sent -> stuck.await());
        TerminalConnection connection = new TerminalConnection(socket, 1000);

        long started = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            connection.offer(output("0123456789abcdefghij"));
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                .as("offering to a client whose socket does not take anything")
                .isLessThan(500);
        stuck.countDown();
        verify(socket, timeout(2000))
                .close(CloseStatus.SESSION_NOT_RELIABLE.withReason("client too slow; reattach to resume"));
    }

    @Test
    void queuedOutputGoesOutAsOneMessageAndAStatusClosesNormally() throws Exception {
        CountDownLatch firstSent = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<byte[]> messages = new CopyOnWriteArrayList<>();
        WebSocketSession socket = socket(sent -> {
            messages.add(sent);
            firstSent.countDown();
            if (messages.size() == 1) {
                release.await(); // the rest queues up behind the first
            }
        });
        TerminalConnection connection = new TerminalConnection(socket, 1 << 20);

        connection.offer(output("a"));
        firstSent.await();
        connection.offer(output("b"));
        connection.offer(output("c"));
        connection.offer(TerminalWire.frame(TerminalWire.STATUS, "{\"exitCode\":0}".getBytes(StandardCharsets.UTF_8)));
        release.countDown();

        verify(socket, timeout(2000)).close(CloseStatus.NORMAL.withReason("session ended"));
        assertThat(messages).hasSize(3);
        assertThat(messages.get(1)).isEqualTo(output("bc"));
        assertThat(messages.get(2)[0]).isEqualTo(TerminalWire.STATUS);
    }

    private static byte[] output(String text) {
        return TerminalWire.frame(TerminalWire.OUTPUT, text.getBytes(StandardCharsets.UTF_8));
    }

    interface Send {
        void accept(byte[] frame) throws Exception;
    }

    private static WebSocketSession socket(Send onSend) throws Exception {
        WebSocketSession socket = mock(WebSocketSession.class);
        when(socket.getId()).thenReturn("s1");
        when(socket.isOpen()).thenReturn(true);
        doAnswer(invocation -> {
                    WebSocketMessage<?> message = invocation.getArgument(0);
                    if (message instanceof BinaryMessage binary) {
                        ByteBuffer payload = binary.getPayload();
                        byte[] frame = new byte[payload.remaining()];
                        payload.get(frame);
                        onSend.accept(frame);
                    }
                    return null;
                })
                .when(socket)
                .sendMessage(any());
        return socket;
    }
}
