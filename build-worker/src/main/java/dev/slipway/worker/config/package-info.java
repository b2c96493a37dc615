@NullMarked
package dev.slipway.worker.config;

import org.jspecify.annotations.NullMarked;
