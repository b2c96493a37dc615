/** Live, resumable Server-Sent Event streams of job logs and state changes. */
@NullMarked
package dev.slipway.gateway.stream;

import org.jspecify.annotations.NullMarked;
