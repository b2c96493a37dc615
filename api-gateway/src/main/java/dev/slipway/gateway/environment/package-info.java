/**
 * Environments, the long-lived containers users start, stop and delete, and the templates they are
 * made from: the HTTP API and its ports.
 */
@NullMarked
package dev.slipway.gateway.environment;

import org.jspecify.annotations.NullMarked;
