/** Submitting, reading and listing jobs: the HTTP API and its ports to Redis and RabbitMQ. */
@NullMarked
package dev.slipway.gateway.job;

import org.jspecify.annotations.NullMarked;
