/**
 * The gateway's own meters that belong to no single feature: environments by state, read from the
 * store at most every few seconds however often Prometheus scrapes. The meters of one feature sit
 * beside it (open event streams in {@code stream}, terminal sockets in {@code terminal}); job moves
 * are counted where every move is applied ({@code dev.slipway.redis.JobMoveMeters}).
 */
@NullMarked
package dev.slipway.gateway.metrics;

import org.jspecify.annotations.NullMarked;
