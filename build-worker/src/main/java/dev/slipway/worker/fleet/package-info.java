/**
 * The worker as a member of the fleet: its registry entry and heartbeat, the operator's cordon and
 * drain, and the host's backpressure.
 */
@NullMarked
package dev.slipway.worker.fleet;

import org.jspecify.annotations.NullMarked;
