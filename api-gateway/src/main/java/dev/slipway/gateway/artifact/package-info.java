/**
 * A job's artifacts, downloaded: the listing from Redis, the bytes streamed from the artifact store
 * (never through Redis), one file with ranges or all of them as a zip.
 */
@NullMarked
package dev.slipway.gateway.artifact;

import org.jspecify.annotations.NullMarked;
