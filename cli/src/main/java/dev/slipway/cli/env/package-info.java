/** Environments: their life cycle, exec, and an interactive shell over the terminal WebSocket. */
@NullMarked
package dev.slipway.cli.env;

import org.jspecify.annotations.NullMarked;
