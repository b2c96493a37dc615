/** The slipway command: its entry point, the command tree and how failures become exit codes. */
@NullMarked
package dev.slipway.cli;

import org.jspecify.annotations.NullMarked;
