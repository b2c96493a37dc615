package dev.slipway.worker.recovery;

import dev.slipway.model.JobId;
import dev.slipway.model.RedisKeys;
import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Hears the gateway's cancel signal at once, instead of at the next heartbeat. Pub/sub may drop a
 * signal (a reconnect, a slow subscriber): the heartbeat, which reads the job's state, is the
 * guarantee; this only makes a cancel prompt. The signal is checked against Redis, not trusted.
 */
@Configuration(proxyBeanMethods = false)
class CancelSignals {

    @Bean
    RedisMessageListenerContainer cancelSignalListener(RedisConnectionFactory connections, LeaseKeeper leases) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        container.addMessageListener((message, pattern) -> {
            String text = new String(message.getBody(), StandardCharsets.UTF_8);
            if (text.startsWith(RedisKeys.CANCEL_PREFIX)) {
                String id = text.substring(RedisKeys.CANCEL_PREFIX.length()).trim();
                if (JobId.isWellFormed(id)) {
                    leases.checkNow(JobId.of(id));
                }
            }
        }, new ChannelTopic(RedisKeys.CONTROL_CHANNEL));
        return container;
    }
}
