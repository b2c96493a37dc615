@NullMarked
package dev.slipway.gateway.config;

import org.jspecify.annotations.NullMarked;
