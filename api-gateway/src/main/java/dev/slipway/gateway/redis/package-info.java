@NullMarked
package dev.slipway.gateway.redis;

import org.jspecify.annotations.NullMarked;
