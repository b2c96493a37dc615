/** The fleet of workers as operators see it: the registry, cordon, uncordon and drain. */
@NullMarked
package dev.slipway.gateway.fleet;

import org.jspecify.annotations.NullMarked;
