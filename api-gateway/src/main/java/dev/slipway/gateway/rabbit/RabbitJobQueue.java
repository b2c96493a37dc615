package dev.slipway.gateway.rabbit;

import dev.slipway.gateway.config.GatewayProperties;
import dev.slipway.gateway.job.JobQueue;
import dev.slipway.gateway.job.QueueUnavailableException;
import dev.slipway.model.JobMessage;
import dev.slipway.model.JobTopology;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes jobs to their route's quorum queue (the pool's, or the pool's for their constraints)
 * and waits for the broker's confirm. A message the broker returns as unroutable (its queue was
 * deleted behind our back) counts as not confirmed.
 */
@Component
@ConditionalOnRabbitBroker
public class RabbitJobQueue implements JobQueue {

    private final RabbitTemplate rabbit;
    private final AmqpAdmin admin;
    private final JsonMapper json;
    private final GatewayProperties properties;
    private final Set<String> declaredRoutes = ConcurrentHashMap.newKeySet();

    public RabbitJobQueue(RabbitTemplate rabbit, AmqpAdmin admin, JsonMapper json, GatewayProperties properties) {
        this.rabbit = rabbit;
        this.admin = admin;
        this.json = json;
        this.properties = properties;
    }

    @Override
    public void publish(JobMessage job) {
        String route = job.spec().route();
        Message message = MessageBuilder.withBody(json.writeValueAsBytes(job))
                .setContentType(MessageProperties.CONTENT_TYPE_JSON)
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                .setMessageId(job.jobId().value())
                .build();
        CorrelationData correlation = new CorrelationData(job.jobId().value());
        try {
            declareRoute(route);
            rabbit.send(JobTopology.JOBS_EXCHANGE, route, message, correlation);
            CorrelationData.Confirm confirm =
                    correlation.getFuture().get(properties.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (correlation.getReturned() != null) {
                declaredRoutes.remove(route);
                throw new QueueUnavailableException("job " + job.jobId() + " was unroutable to " + route);
            }
            if (!confirm.ack()) {
                throw new QueueUnavailableException("broker refused job " + job.jobId() + ": " + confirm.reason());
            }
        } catch (AmqpException e) {
            declaredRoutes.remove(route);
            throw new QueueUnavailableException("broker unreachable: " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new QueueUnavailableException("no confirm for job " + job.jobId() + " within " + properties.publishTimeout(), e);
        } catch (ExecutionException e) {
            throw new QueueUnavailableException("confirm failed for job " + job.jobId(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueUnavailableException("interrupted waiting for the confirm of job " + job.jobId(), e);
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

    /**
     * Pools (and their constraint routes) appear with their first job; gateway and workers declare
     * the same queue with the same arguments.
     */
    private void declareRoute(String route) {
        if (declaredRoutes.contains(route)) {
            return;
        }
        Queue queue = new Queue(JobTopology.queueForRoute(route), true, false, false, JobTopology.poolQueueArguments());
        admin.declareQueue(queue);
        admin.declareBinding(new Binding(queue.getName(), Binding.DestinationType.QUEUE, JobTopology.JOBS_EXCHANGE, route, null));
        declaredRoutes.add(route);
    }
}
