/** RabbitMQ adapters of the worker. */
@NullMarked
package dev.slipway.worker.rabbit;

import org.jspecify.annotations.NullMarked;
