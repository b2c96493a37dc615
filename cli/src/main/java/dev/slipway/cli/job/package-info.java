/** Jobs: submit and follow (run), logs, listing, cancelling; a job's end as an exit code. */
@NullMarked
package dev.slipway.cli.job;

import org.jspecify.annotations.NullMarked;
