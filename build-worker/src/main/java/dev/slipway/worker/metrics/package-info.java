/**
 * The worker's meters of its own capacity: running jobs and free and used slots, and the tag that
 * names the worker on every meter. Log output is counted where it is written ({@code redis}); job
 * moves where every move is applied ({@code dev.slipway.redis.JobMoveMeters}).
 */
@NullMarked
package dev.slipway.worker.metrics;

import org.jspecify.annotations.NullMarked;
