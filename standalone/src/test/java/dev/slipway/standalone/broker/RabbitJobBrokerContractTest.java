package dev.slipway.standalone.broker;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.slipway.gateway.config.GatewayProperties;
import dev.slipway.gateway.job.JobQueue;
import dev.slipway.gateway.rabbit.RabbitJobQueue;
import dev.slipway.model.JobMessage;
import dev.slipway.model.JobTopology;
import dev.slipway.testing.TestServices;
import dev.slipway.worker.intake.JobSource;
import dev.slipway.worker.rabbit.RabbitJobPublisher;
import dev.slipway.worker.rabbit.RabbitJobSource;
import dev.slipway.worker.recovery.JobPublisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
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
        FanoutExchange deadLetters = new FanoutExchange(JobTopology.DEAD_LETTER_EXCHANGE, true, false);
        Queue deadLetterQueue = QueueBuilder.durable(JobTopology.DEAD_LETTER_QUEUE).quorum().build();
        admin.declareExchange(new DirectExchange(JobTopology.JOBS_EXCHANGE, true, false));
        admin.declareExchange(deadLetters);
        admin.declareQueue(deadLetterQueue);
        admin.declareBinding(BindingBuilder.bind(deadLetterQueue).to(deadLetters));
    }

    @AfterAll
    static void disconnect() {
        connections.destroy();
    }

    @Override
    protected JobQueue queue() {
        return new RabbitJobQueue(template, admin, json, new GatewayProperties(
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(15), 50, 500, null, Duration.ofDays(1)));
    }

    @Override
    protected JobSource source() {
        return new RabbitJobSource(connections, admin);
    }

    @Override
    protected JobPublisher publisher() {
        return new RabbitJobPublisher(template, json);
    }

    /**
     * Takes this test's jobs out of the shared dead-letter queue; others' stay, as the channel
     * closes with them unacknowledged.
     */
    @Override
    protected List<byte[]> deadLetters() throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        try (Channel channel = connections.createConnection().createChannel(false)) {
            for (GetResponse response = channel.basicGet(JobTopology.DEAD_LETTER_QUEUE, false); response != null;
                    response = channel.basicGet(JobTopology.DEAD_LETTER_QUEUE, false)) {
                if (json.readValue(response.getBody(), JobMessage.class).spec().pool().equals(pool)) {
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
