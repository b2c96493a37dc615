/**
 * Who calls the API and what they may do: users and their roles, API tokens (stored only as
 * SHA-256 hashes), JWTs of an identity provider, the admin bootstrap, per-token rate limits, and
 * the Spring Security chain that turns a bearer token into a {@link dev.slipway.gateway.identity.Caller}.
 */
@NullMarked
package dev.slipway.gateway.identity;

import org.jspecify.annotations.NullMarked;
