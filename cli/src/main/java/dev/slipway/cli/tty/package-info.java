/** The controlling terminal: questions asked on it and the interrupt signal. */
@NullMarked
package dev.slipway.cli.tty;

import org.jspecify.annotations.NullMarked;
