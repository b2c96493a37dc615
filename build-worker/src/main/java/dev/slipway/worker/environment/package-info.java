/**
 * Environments on this worker's host: long-lived containers that users start, stop, restart, exec
 * into and delete, made from a copy of a template. {@link EnvironmentRuntime} is the port to the
 * engine that holds them.
 */
@NullMarked
package dev.slipway.worker.environment;

import org.jspecify.annotations.NullMarked;
