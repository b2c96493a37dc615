package dev.slipway.messaging.rabbit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * The RabbitMQ adapters, unless {@code slipway.broker} names another broker (the standalone mode
 * runs gateway and worker in one JVM over an in-process one).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@ConditionalOnProperty(name = "slipway.broker", havingValue = "rabbitmq", matchIfMissing = true)
public @interface ConditionalOnRabbitBroker {}
