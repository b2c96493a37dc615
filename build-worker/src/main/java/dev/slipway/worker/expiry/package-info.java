/**
 * Sweeping an expiry index: what is past due is taken off the index by exactly one worker, deleted,
 * and put back for a later try when the deletion fails. Uploads and artifacts both expire this way.
 */
@NullMarked
package dev.slipway.worker.expiry;

import org.jspecify.annotations.NullMarked;
