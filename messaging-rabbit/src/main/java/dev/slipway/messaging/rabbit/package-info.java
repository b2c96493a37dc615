/**
 * The RabbitMQ adapter of the job broker, the one both applications use: the topology (a direct
 * exchange, one quorum queue per route, a dead-letter exchange and queue), publishing with
 * publisher confirms, and taking jobs on one channel per slot. Spring AMQP stays in this package.
 */
@NullMarked
package dev.slipway.messaging.rabbit;

import org.jspecify.annotations.NullMarked;
