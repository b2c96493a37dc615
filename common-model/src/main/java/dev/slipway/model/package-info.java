/**
 * The wire contract of Slipway: what the gateway and the workers exchange through RabbitMQ and
 * Redis. Only records, enums, sealed event types and names live here; no framework code.
 */
@NullMarked
package dev.slipway.model;

import org.jspecify.annotations.NullMarked;
