package dev.slipway.worker.recovery;

import dev.slipway.model.JobId;
import dev.slipway.model.RedisKeys;
import dev.slipway.worker.config.WorkerProperties;
import dev.slipway.worker.fleet.FleetMembership;
import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Hears the gateway's signals at once, instead of at the next heartbeat: a cancel, or an operator's
 * cordon or drain of this worker. Pub/sub may drop a signal (a reconnect, a slow subscriber): the
 * heartbeat, which reads the job's state and the worker's admin state, is the guarantee; this only
 * makes them prompt. A signal is checked against Redis, not trusted.
 */
@Configuration(proxyBeanMethods = false)
class ControlSignals {

    @Bean
    RedisMessageListenerContainer controlSignalListener(RedisConnectionFactory connections, LeaseKeeper leases,
            FleetMembership membership, WorkerProperties properties) {
        String forMe = RedisKeys.WORKER_PREFIX + properties.workerId().value();
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        container.addMessageListener((message, pattern) -> {
            String text = new String(message.getBody(), StandardCharsets.UTF_8);
            if (text.startsWith(RedisKeys.CANCEL_PREFIX)) {
                String id = text.substring(RedisKeys.CANCEL_PREFIX.length()).trim();
                if (JobId.isWellFormed(id)) {
                    leases.checkNow(JobId.of(id));
                }
            } else if (text.equals(forMe) || text.equals(RedisKeys.ROUTES_SIGNAL)) {
                membership.refreshNow();
            }
        }, new ChannelTopic(RedisKeys.CONTROL_CHANNEL));
        return container;
    }
}
