package dev.slipway.gateway.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * API tokens, kept only as the SHA-256 of their secret. Implementers owe: a token is found by its
 * hash until it expires or is revoked, and from then on by no one; revocation takes effect in the
 * store at once (gateways may reuse a lookup for {@code slipway.gateway.auth.token-cache-ttl}).
 */
public interface TokenStore {

    /** Stores the token under the hash of its secret, until its expiry. */
    void add(ApiToken token, String secretHash);

    /** The unexpired, unrevoked token whose secret has this hash. */
    Optional<ApiToken> findByHash(String secretHash);

    /** The user's tokens that have not expired, newest first. */
    List<ApiToken> list(String user);

    /** Revokes one of the user's tokens; false when they have no such token. */
    boolean revoke(String user, String id);

    /** Records when the token was last used. */
    void touch(String secretHash, Instant at);
}
