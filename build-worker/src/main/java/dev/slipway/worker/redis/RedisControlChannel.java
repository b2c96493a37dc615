package dev.slipway.worker.redis;

import dev.slipway.model.RedisKeys;
import dev.slipway.worker.recovery.ControlSignals;
import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/** Subscribes to the gateway's control channel and hands each message to {@link ControlSignals}. */
@Configuration(proxyBeanMethods = false)
class RedisControlChannel {

    @Bean
    RedisMessageListenerContainer controlSignalListener(RedisConnectionFactory connections, ControlSignals signals) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        container.addMessageListener(
                (message, pattern) -> signals.onSignal(new String(message.getBody(), StandardCharsets.UTF_8)),
                new ChannelTopic(RedisKeys.CONTROL_CHANNEL));
        return container;
    }
}
