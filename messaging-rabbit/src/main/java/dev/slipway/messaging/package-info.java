/**
 * The job broker as gateway and workers see it: a port to publish a job with the broker's confirm,
 * and one to take jobs and settle them. RabbitMQ implements both in a deployment ({@code rabbit}),
 * an in-process broker in the standalone mode; one contract suite holds both to the same behaviour.
 */
@NullMarked
package dev.slipway.messaging;

import org.jspecify.annotations.NullMarked;
