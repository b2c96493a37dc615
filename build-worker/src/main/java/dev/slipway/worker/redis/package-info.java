@NullMarked
package dev.slipway.worker.redis;

import org.jspecify.annotations.NullMarked;
