package dev.slipway.worker.rabbit;

import dev.slipway.model.JobMessage;
import dev.slipway.model.JobTopology;
import dev.slipway.worker.recovery.JobPublisher;
import java.util.concurrent.TimeUnit;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Publishes with a publisher confirm; an unroutable (returned) message counts as not published. */
@Component
@ConditionalOnRabbitBroker
public class RabbitJobPublisher implements JobPublisher {

    private static final long CONFIRM_TIMEOUT_MILLIS = 10_000;

    private final RabbitTemplate rabbit;
    private final JsonMapper json;

    public RabbitJobPublisher(RabbitTemplate rabbit, JsonMapper json) {
        this.rabbit = rabbit;
        this.json = json;
    }

    @Override
    public void publish(JobMessage job) {
        Message message = MessageBuilder.withBody(json.writeValueAsBytes(job))
                .setContentType(MessageProperties.CONTENT_TYPE_JSON)
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                .setMessageId(job.jobId().value() + "/" + job.attempt())
                .build();
        CorrelationData correlation = new CorrelationData(message.getMessageProperties().getMessageId());
        rabbit.send(JobTopology.JOBS_EXCHANGE, job.spec().route(), message, correlation);
        try {
            CorrelationData.Confirm confirm = correlation.getFuture().get(CONFIRM_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            if (!confirm.ack() || correlation.getReturned() != null) {
                throw new AmqpException("job " + job.jobId() + " was not taken by the broker: "
                        + (correlation.getReturned() != null ? "unroutable to " + job.spec().route() : confirm.reason()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AmqpException("interrupted waiting for the confirm of job " + job.jobId(), e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AmqpException("no confirm for job " + job.jobId(), e);
        }
    }
}
