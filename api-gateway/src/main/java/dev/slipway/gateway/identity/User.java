package dev.slipway.gateway.identity;

import java.time.Instant;

/**
 * A user as Redis keeps it.
 *
 * @param disabled a disabled user's tokens are refused, and the user can be enabled again
 */
public record User(String name, Role role, boolean disabled, Quotas quotas, Instant createdAt, Instant updatedAt) {}
