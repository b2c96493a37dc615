@NullMarked
package dev.slipway.gateway.web;

import org.jspecify.annotations.NullMarked;
