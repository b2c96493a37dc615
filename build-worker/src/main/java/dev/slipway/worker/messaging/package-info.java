@NullMarked
package dev.slipway.worker.messaging;

import org.jspecify.annotations.NullMarked;
