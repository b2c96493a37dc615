/**
 * Redis as both applications use it: the one script every job state change goes through, with its
 * compare-and-set loop, and the loading of Lua scripts. Spring Data Redis and Lettuce stay in
 * {@code redis} packages: this one and each application's own.
 */
@NullMarked
package dev.slipway.redis;

import org.jspecify.annotations.NullMarked;
