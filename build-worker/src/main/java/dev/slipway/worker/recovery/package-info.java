/**
 * What keeps jobs from being lost or stuck when workers die, hang or shut down: lease renewal,
 * expired-lease sweeping, publishing of due retries, cancel signals and the container reaper.
 */
@NullMarked
package dev.slipway.worker.recovery;

import org.jspecify.annotations.NullMarked;
