/**
 * A job's artifacts: the files of its working directory its rules keep, read from the exited
 * container, stored in the artifact store with their size and SHA-256, listed in Redis, and swept
 * once they expire.
 */
@NullMarked
package dev.slipway.worker.artifacts;

import org.jspecify.annotations.NullMarked;
