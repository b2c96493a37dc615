package dev.slipway.gateway.identity;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An API token as it is listed: never its secret, which exists only in the answer that created it.
 *
 * @param id names the token in its URL, for revocation
 * @param name what its owner called it ({@code ci})
 * @param lastUsedAt when it last authenticated a request, to the minute
 */
public record ApiToken(
        String id,
        String name,
        String user,
        Instant createdAt,
        Instant expiresAt,
        @Nullable Instant lastUsedAt) {}
