/**
 * What every feature may throw to answer a client with a 4xx problem: the field problems of a bad
 * request, and a thing not found. {@code web} turns them into RFC 9457 responses.
 */
@NullMarked
package dev.slipway.gateway.problem;

import org.jspecify.annotations.NullMarked;
