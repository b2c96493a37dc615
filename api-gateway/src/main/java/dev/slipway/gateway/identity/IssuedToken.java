package dev.slipway.gateway.identity;

import java.time.Instant;

/** The answer to a token request: the only time its secret is shown. */
public record IssuedToken(String id, String name, String token, Instant expiresAt) {}
