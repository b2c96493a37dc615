/**
 * An in-process job broker with the behaviour the gateway and workers rely on from RabbitMQ: durable
 * until acknowledged (within the process), redelivery when a taker goes away, a delivery limit and a
 * dead-letter queue. The contract suite in this module's tests runs against it and RabbitMQ alike.
 */
@NullMarked
package dev.slipway.standalone.broker;

import org.jspecify.annotations.NullMarked;
