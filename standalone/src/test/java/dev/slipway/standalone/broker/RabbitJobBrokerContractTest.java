package dev.slipway.standalone.broker;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.slipway.messaging.JobPublisher;
import dev.slipway.messaging.JobSource;
import dev.slipway.messaging.rabbit.RabbitJobPublisher;
import dev.slipway.messaging.rabbit.RabbitJobSource;
import dev.slipway.messaging.rabbit.RabbitRoutes;
import dev.slipway.messaging.rabbit.RabbitTopology;
import dev.slipway.model.JobMessage;
import dev.slipway.model.JobTopology;
import dev.slipway.testing.TestServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/** The RabbitMQ adapters of gateway and worker, on a real broker, against the job broker contract. */
class RabbitJobBrokerContractTest extends JobBrokerContract {

    private static CachingConnectionFactory connections;
    private static RabbitTemplate template;
    private static RabbitAdmin admin;

    @BeforeAll
    static void connect() {
        TestServices.Endpoint rabbit = TestServices.rabbitMq();
        connections = new CachingConnectionFactory(rabbit.host(), rabbit.port());
        connections.setUsername("guest");
        connections.setPassword("guest");
        connections.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        connections.setPublisherReturns(true);
        template = new RabbitTemplate(connections);
        template.setMandatory(true);
        admin = new RabbitAdmin(connections);
        // As both applications declare them on connecting.
        RabbitTopology.declarables(List.of()).getDeclarables().forEach(declarable -> {
            switch (declarable) {
                case Exchange exchange -> admin.declareExchange(exchange);
                case Queue queue -> admin.declareQueue(queue);
                case Binding binding -> admin.declareBinding(binding);
                default -> throw new IllegalStateException("unexpected " + declarable);
            }
        });
    }

    @AfterAll
    static void disconnect() {
        connections.destroy();
    }

    @Override
    protected JobSource source() {
        return new RabbitJobSource(connections, new RabbitRoutes(admin));
    }

    @Override
    protected JobPublisher publisher() {
        return new RabbitJobPublisher(template, admin, new RabbitRoutes(admin), json, Duration.ofSeconds(5));
    }

    /**
     * Takes this test's jobs out of the shared dead-letter queue; others' stay, as the channel
     * closes with them unacknowledged.
     */
    @Override
    protected List<byte[]> deadLetters() throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        try (Channel channel = connections.createConnection().createChannel(false)) {
            for (GetResponse response = channel.basicGet(JobTopology.DEAD_LETTER_QUEUE, false);
                    response != null;
                    response = channel.basicGet(JobTopology.DEAD_LETTER_QUEUE, false)) {
                if (json.readValue(response.getBody(), JobMessage.class)
                        .spec()
                        .pool()
                        .equals(pool)) {
                    channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
                    bodies.add(response.getBody());
                }
            }
        }
        return bodies;
    }

    @Override
    protected void deleteQueue(String queue) {
        admin.deleteQueue(queue);
    }
}
