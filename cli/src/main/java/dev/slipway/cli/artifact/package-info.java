/** A job's artifacts: listing and downloading. */
@NullMarked
package dev.slipway.cli.artifact;

import org.jspecify.annotations.NullMarked;
