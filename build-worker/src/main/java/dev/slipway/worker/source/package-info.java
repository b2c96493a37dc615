/**
 * A job's sources: an uploaded tar or a git checkout, checked entry by entry and unpacked into its
 * working directory before the script starts (or handed to an image build as its context).
 */
@NullMarked
package dev.slipway.worker.source;

import org.jspecify.annotations.NullMarked;
