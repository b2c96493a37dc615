/**
 * The audit trail: every mutating call, every refused authentication and every terminal session,
 * kept in a capped Redis stream that admins read through the API, and logged as JSON to the logger
 * {@code slipway.audit} for log shippers.
 */
@NullMarked
package dev.slipway.gateway.audit;

import org.jspecify.annotations.NullMarked;
