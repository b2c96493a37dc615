package dev.slipway.messaging.rabbit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import dev.slipway.messaging.JobSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.RabbitUtils;

/**
 * Takes jobs from RabbitMQ, one channel per slot with prefetch 1. A free slot takes a waiting
 * message with basic.get (in turn over its queues), or else consumes until one arrives and cancels
 * its consumers at once: a consumer that stayed would be handed a message while the slot is busy.
 */
public record RabbitJobSource(ConnectionFactory connections, RabbitRoutes routes) implements JobSource {

    private static final long POLL_MILLIS = 250;

    @Override
    public void declareRoute(String route) {
        routes.declare(route);
    }

    @Override
    public Session open() throws IOException {
        Channel channel = connections.createConnection().createChannel(false);
        channel.basicQos(1);
        return new ChannelSession(channel);
    }

    private static final class ChannelSession implements Session {

        private final Channel channel;
        private int nextQueue;

        ChannelSession(Channel channel) {
            this.channel = channel;
        }

        @Override
        public @Nullable Delivery next(List<String> queues, BooleanSupplier keepWaiting)
                throws IOException, InterruptedException {
            for (int i = 0; i < queues.size(); i++) {
                String queue = queues.get(nextQueue % queues.size());
                nextQueue = (nextQueue + 1) % queues.size();
                GetResponse response = channel.basicGet(queue, false);
                if (response != null) {
                    return new Delivery(response.getEnvelope().getDeliveryTag(), response.getBody());
                }
            }
            return consumeOne(queues, keepWaiting);
        }

        private @Nullable Delivery consumeOne(List<String> queues, BooleanSupplier keepWaiting)
                throws IOException, InterruptedException {
            BlockingQueue<Delivery> arrived = new LinkedBlockingQueue<>();
            CountDownLatch cancelled = new CountDownLatch(queues.size());
            DefaultConsumer consumer = new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(
                        String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                    arrived.add(new Delivery(envelope.getDeliveryTag(), body));
                }

                @Override
                public void handleCancelOk(String tag) {
                    cancelled.countDown();
                }
            };
            List<String> tags = new ArrayList<>();
            for (String queue : queues) {
                tags.add(channel.basicConsume(queue, false, consumer));
            }
            Delivery first = null;
            while (first == null && keepWaiting.getAsBoolean()) {
                if (!channel.isOpen()) {
                    throw new IOException("channel closed: " + channel.getCloseReason());
                }
                first = arrived.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            }
            for (String tag : tags) {
                channel.basicCancel(tag);
            }
            // Deliveries precede the cancel-ok on the channel: once every consumer is cancelled, all have arrived.
            if (!cancelled.await(5, TimeUnit.SECONDS)) {
                throw new IOException("the broker did not confirm cancelling the consumers");
            }
            if (first == null) {
                first = arrived.poll();
            }
            for (Delivery extra = arrived.poll(); extra != null; extra = arrived.poll()) {
                requeue(extra);
            }
            return first;
        }

        @Override
        public void ack(Delivery delivery) throws IOException {
            channel.basicAck(delivery.tag(), false);
        }

        @Override
        public void requeue(Delivery delivery) throws IOException {
            // basic.nack, not basic.reject: on RabbitMQ 4.3+ it does not count as a failed delivery.
            channel.basicNack(delivery.tag(), false, true);
        }

        @Override
        public void deadLetter(Delivery delivery) throws IOException {
            channel.basicReject(delivery.tag(), false);
        }

        /**
         * Closes the channel for real, not back into Spring's channel cache: a cached channel would
         * keep holding any message taken and not settled, instead of returning it to the queue.
         */
        @Override
        public void close() {
            RabbitUtils.setPhysicalCloseRequired(channel, true);
            if (channel.isOpen()) {
                try {
                    channel.close();
                } catch (IOException | RuntimeException | TimeoutException ignored) {
                    // the channel is going away anyway
                }
            }
        }
    }
}
