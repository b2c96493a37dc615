/**
 * Taking jobs from the pool queues: one slot per job the worker runs at once, each asking the broker
 * for a job only while it is free, claiming it in Redis before acknowledging it.
 */
@NullMarked
package dev.slipway.worker.intake;

import org.jspecify.annotations.NullMarked;
