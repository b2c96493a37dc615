/**
 * Where job artifacts and uploaded sources live. Workers write to the store directly and gateways
 * stream from it: their bytes never pass through Redis or RabbitMQ. {@link ArtifactStore} is the
 * port; {@code filesystem} and {@code s3} are its adapters, which pass one contract test.
 */
@NullMarked
package dev.slipway.artifacts;

import org.jspecify.annotations.NullMarked;
