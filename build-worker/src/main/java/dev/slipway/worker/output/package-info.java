/**
 * The output of what a job runs, a container or an image build, as the engine delivers it: below
 * both the job runner and the image builds, which each hand it to the job's log.
 */
@NullMarked
package dev.slipway.worker.output;

import org.jspecify.annotations.NullMarked;
