package dev.slipway.messaging.rabbit;

import dev.slipway.messaging.BrokerUnavailableException;
import dev.slipway.messaging.JobPublisher;
import dev.slipway.model.JobMessage;
import dev.slipway.model.JobTopology;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.connection.RabbitUtils;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes a job to its route's quorum queue as a persistent message and waits for the broker's
 * confirm. A message the broker returns as unroutable (its queue was deleted behind our back)
 * counts as not confirmed, and the route is declared again on the next publish.
 *
 * <p>A channel whose publish was refused or not confirmed in time is closed for good rather than
 * returned to the channel cache: on RabbitMQ 3.10, a channel that first published while its quorum
 * queue elected a new leader had every later publish refused for as long as it stayed open (38 s
 * seen), while a new channel was confirmed again within a fraction of a second.
 */
public record RabbitJobPublisher(
        RabbitTemplate rabbit, AmqpAdmin admin, RabbitRoutes routes, JsonMapper json, Duration confirmTimeout)
        implements JobPublisher {

    @Override
    public void publish(JobMessage job) {
        publish(
                job.spec().route(),
                job.jobId().value(),
                job.jobId().value() + "/" + job.attempt(),
                json.writeValueAsBytes(job));
    }

    @Override
    public void publish(String route, String messageId, byte[] body) {
        publish(route, messageId, messageId, body);
    }

    private void publish(String route, String messageId, String correlationId, byte[] body) {
        Message message = MessageBuilder.withBody(body)
                .setContentType(MessageProperties.CONTENT_TYPE_JSON)
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                .setMessageId(messageId)
                .build();
        CorrelationData correlation = new CorrelationData(correlationId);
        try {
            routes.declare(route);
            // One channel for the send and the wait, so that a refusal can close that very channel.
            BrokerUnavailableException refused = rabbit.invoke(operations -> {
                operations.send(JobTopology.JOBS_EXCHANGE, route, message, correlation);
                BrokerUnavailableException failure = awaitConfirm(messageId, route, correlation);
                if (failure != null) {
                    operations.execute(channel -> {
                        RabbitUtils.setPhysicalCloseRequired(channel, true);
                        return null;
                    });
                }
                return failure;
            });
            if (refused != null) {
                throw refused;
            }
        } catch (AmqpException e) {
            routes.forget(route);
            throw new BrokerUnavailableException("broker unreachable: " + e.getMessage(), e);
        } finally {
            RabbitUtils.clearPhysicalCloseRequired();
        }
    }

    /** Why the message was not confirmed, or null when it was. */
    private @Nullable BrokerUnavailableException awaitConfirm(
            String messageId, String route, CorrelationData correlation) {
        try {
            CorrelationData.Confirm confirm =
                    correlation.getFuture().get(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (correlation.getReturned() != null) {
                routes.forget(route);
                return new BrokerUnavailableException("message " + messageId + " was unroutable to " + route);
            }
            if (!confirm.ack()) {
                return new BrokerUnavailableException("broker refused message " + messageId + ": " + confirm.reason());
            }
            return null;
        } catch (TimeoutException e) {
            return new BrokerUnavailableException(
                    "no confirm for message " + messageId + " within " + confirmTimeout, e);
        } catch (ExecutionException e) {
            return new BrokerUnavailableException("confirm failed for message " + messageId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new BrokerUnavailableException("interrupted waiting for the confirm of message " + messageId, e);
        }
    }

    @Override
    public boolean removeIdleRoute(String route) {
        String queue = JobTopology.queueForRoute(route);
        try {
            QueueInformation info = admin.getQueueInfo(queue);
            if (info == null) {
                routes.forget(route);
                return true;
            }
            if (info.getMessageCount() > 0 || info.getConsumerCount() > 0) {
                return false;
            }
            // Quorum queues refuse queue.delete's if-empty and if-unused flags (NOT_IMPLEMENTED), so the
            // look above is the check: callers remove only routes that nothing publishes to any more.
            admin.deleteQueue(queue);
            routes.forget(route);
            return true;
        } catch (AmqpException e) {
            return false;
        }
    }

    @Override
    public OptionalLong backlog(String route) {
        try {
            QueueInformation queue = admin.getQueueInfo(JobTopology.queueForRoute(route));
            return OptionalLong.of(queue == null ? 0 : queue.getMessageCount());
        } catch (AmqpException e) {
            return OptionalLong.empty();
        }
    }
}
