/** Making the configured store, for the applications' configuration. */
@NullMarked
package dev.slipway.artifacts.config;

import org.jspecify.annotations.NullMarked;
