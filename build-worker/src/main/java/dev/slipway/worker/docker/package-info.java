@NullMarked
package dev.slipway.worker.docker;

import org.jspecify.annotations.NullMarked;
