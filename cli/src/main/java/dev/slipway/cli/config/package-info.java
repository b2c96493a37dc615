/** Where the gateway and the token come from: the credentials file, the environment, and one run's context. */
@NullMarked
package dev.slipway.cli.config;

import org.jspecify.annotations.NullMarked;
