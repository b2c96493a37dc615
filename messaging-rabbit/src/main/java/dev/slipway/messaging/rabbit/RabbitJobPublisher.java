package dev.slipway.messaging.rabbit;

import dev.slipway.messaging.BrokerUnavailableException;
import dev.slipway.messaging.JobPublisher;
import dev.slipway.model.JobMessage;
import dev.slipway.model.JobTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * confirm; a batch of jobs goes out on one channel with one wait for all its confirms. A message the broker returns as unroutable (its queue was deleted behind our back)
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
        throwIfFailed(publishAll(List.of(job)).getFirst());
    }

    @Override
    public List<@Nullable BrokerUnavailableException> publishAll(List<JobMessage> jobs) {
        return send(jobs.stream()
                .map(job -> outgoing(
                        job.spec().route(),
                        job.jobId().value(),
                        job.jobId().value() + "/" + job.attempt(),
                        json.writeValueAsBytes(job)))
                .toList());
    }

    @Override
    public void publish(String route, String messageId, byte[] body) {
        throwIfFailed(send(List.of(outgoing(route, messageId, messageId, body))).getFirst());
    }

    private static void throwIfFailed(@Nullable BrokerUnavailableException failure) {
        if (failure != null) {
            throw failure;
        }
    }

    /** A message on its way, with the correlation its confirm completes. */
    private record Outgoing(String route, String messageId, Message message, CorrelationData correlation) {}

    private static Outgoing outgoing(String route, String messageId, String correlationId, byte[] body) {
        Message message = MessageBuilder.withBody(body)
                .setContentType(MessageProperties.CONTENT_TYPE_JSON)
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                .setMessageId(messageId)
                .build();
        return new Outgoing(route, messageId, message, new CorrelationData(correlationId));
    }

    /**
     * Sends every message on one channel, then waits for all their confirms (the broker may confirm
     * several with one ack), within one confirm timeout for the lot.
     */
    private List<@Nullable BrokerUnavailableException> send(List<Outgoing> messages) {
        try {
            messages.stream().map(Outgoing::route).distinct().forEach(routes::declare);
            // One channel for the sends and the wait, so that a refusal can close that very channel.
            return rabbit.invoke(operations -> {
                for (Outgoing outgoing : messages) {
                    operations.send(
                            JobTopology.JOBS_EXCHANGE, outgoing.route(), outgoing.message(), outgoing.correlation());
                }
                long deadline = System.nanoTime() + confirmTimeout.toNanos();
                List<@Nullable BrokerUnavailableException> failures = new ArrayList<>(messages.size());
                boolean refused = false;
                for (Outgoing outgoing : messages) {
                    BrokerUnavailableException failure = awaitConfirm(outgoing, deadline);
                    refused |= failure != null;
                    failures.add(failure);
                }
                if (refused) {
                    operations.execute(channel -> {
                        RabbitUtils.setPhysicalCloseRequired(channel, true);
                        return null;
                    });
                }
                return failures;
            });
        } catch (AmqpException e) {
            messages.stream().map(Outgoing::route).distinct().forEach(routes::forget);
            List<@Nullable BrokerUnavailableException> failures = new ArrayList<>(messages.size());
            for (Outgoing ignored : messages) {
                failures.add(new BrokerUnavailableException("broker unreachable: " + e.getMessage(), e));
            }
            return failures;
        } finally {
            RabbitUtils.clearPhysicalCloseRequired();
        }
    }

    /** Why the message was not confirmed by the deadline ({@link System#nanoTime}), or null when it was. */
    private @Nullable BrokerUnavailableException awaitConfirm(Outgoing outgoing, long deadline) {
        String messageId = outgoing.messageId();
        CorrelationData correlation = outgoing.correlation();
        try {
            CorrelationData.Confirm confirm =
                    correlation.getFuture().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (correlation.getReturned() != null) {
                routes.forget(outgoing.route());
                return new BrokerUnavailableException(
                        "message " + messageId + " was unroutable to " + outgoing.route());
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
