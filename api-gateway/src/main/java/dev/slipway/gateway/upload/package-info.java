/** Source archives uploaded for jobs to unpack into their working directory. */
@NullMarked
package dev.slipway.gateway.upload;

import org.jspecify.annotations.NullMarked;
