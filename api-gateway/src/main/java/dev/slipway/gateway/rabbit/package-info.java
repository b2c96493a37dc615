@NullMarked
package dev.slipway.gateway.rabbit;

import org.jspecify.annotations.NullMarked;
