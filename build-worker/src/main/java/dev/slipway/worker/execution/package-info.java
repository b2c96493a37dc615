@NullMarked
package dev.slipway.worker.execution;

import org.jspecify.annotations.NullMarked;
