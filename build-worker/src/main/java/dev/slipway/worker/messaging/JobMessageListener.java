package dev.slipway.worker.messaging;

import dev.slipway.model.JobMessage;
import dev.slipway.worker.execution.JobRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a job message and hands it to the runner. A message that can never be processed (not JSON,
 * an unknown schema version) is rejected without requeue, so it goes to the dead-letter queue
 * instead of looping; any other failure is thrown and the message comes back (up to the queue's
 * delivery limit).
 */
@Component
class JobMessageListener implements MessageListener {

    private static final Logger log = LoggerFactory.getLogger(JobMessageListener.class);

    private final JsonMapper json;
    private final JobRunner runner;

    JobMessageListener(JsonMapper json, JobRunner runner) {
        this.json = json;
        this.runner = runner;
    }

    @Override
    public void onMessage(Message message) {
        runner.run(parse(message));
    }

    private JobMessage parse(Message message) {
        JobMessage job;
        try {
            job = json.readValue(message.getBody(), JobMessage.class);
        } catch (JacksonException | IllegalArgumentException e) {
            log.error("Dead-lettering unreadable job message {}: {}", message.getMessageProperties().getMessageId(), e.getMessage());
            throw new AmqpRejectAndDontRequeueException("unreadable job message", e);
        }
        if (job.version() != JobMessage.CURRENT_VERSION || job.jobId() == null || job.spec() == null) {
            log.error("Dead-lettering job message {} of unknown version {}", job.jobId(), job.version());
            throw new AmqpRejectAndDontRequeueException("unknown job message version " + job.version());
        }
        return job;
    }
}
