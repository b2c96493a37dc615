package dev.slipway.gateway.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.slipway.gateway.config.GatewayProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.stereotype.Component;

/**
 * Turns a bearer token into the caller it stands for: the configured admin token; a JWT of the
 * identity provider, when one is configured; otherwise an API token, looked up by its SHA-256. A
 * lookup is reused for {@code token-cache-ttl} (0.5 s by default), so that most requests cost no
 * Redis round trip while a revoked token is refused by every gateway within that time plus one
 * round trip: well inside the second the API promises.
 */
@Component
public class CallerLookup {

    private static final String ADMIN_TOKEN = "admin-token";
    private static final String API_TOKEN = "token:";

    /** A token's last use is recorded at most this often. */
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final UserStore users;
    private final TokenStore tokens;
    private final GatewayProperties.Auth auth;
    private final Caller.Limits defaultLimits;
    private final @Nullable JwtDecoder jwtDecoder;
    private final Clock clock;
    private final byte @Nullable [] adminTokenHash;
    private final Cache<String, Optional<Caller>> byTokenHash;
    private final Cache<String, Instant> lastTouched;

    CallerLookup(
            UserStore users,
            TokenStore tokens,
            GatewayProperties properties,
            ObjectProvider<JwtDecoder> jwtDecoder,
            Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.auth = properties.auth();
        this.defaultLimits = Caller.Limits.defaults(properties.quotas());
        this.jwtDecoder = jwtDecoder.getIfAvailable();
        this.clock = clock;
        String adminToken = auth.adminToken();
        this.adminTokenHash = adminToken == null || adminToken.isBlank()
                ? null
                : TokenSecrets.sha256(adminToken).getBytes(StandardCharsets.US_ASCII);
        this.byTokenHash = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterWrite(auth.tokenCacheTtl())
                .build();
        this.lastTouched = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterWrite(TOUCH_INTERVAL)
                .build();
    }

    /** @throws InvalidBearerTokenException when the token is unknown, expired, revoked, or its user disabled or gone */
    Caller identify(String token) {
        String hash = TokenSecrets.sha256(token);
        Caller caller = byTokenHash
                .get(hash, key -> lookUp(token, key))
                .orElseThrow(() -> new InvalidBearerTokenException("the token is unknown, expired or revoked"));
        if (caller.credential().startsWith(API_TOKEN)) {
            touch(hash);
        }
        return caller;
    }

    private Optional<Caller> lookUp(String token, String hash) {
        if (adminTokenHash != null && MessageDigest.isEqual(adminTokenHash, hash.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of(userCaller(BuiltInAdmin.NAME, ADMIN_TOKEN)
                    .orElseGet(() -> new Caller(BuiltInAdmin.NAME, Role.ADMIN, ADMIN_TOKEN, defaultLimits)));
        }
        if (jwtDecoder != null && looksLikeJwt(token)) {
            return Optional.of(fromJwt(jwtDecoder, token));
        }
        return fromApiToken(hash);
    }

    private Optional<Caller> fromApiToken(String hash) {
        return tokens.findByHash(hash)
                .filter(token -> token.expiresAt().isAfter(clock.instant()))
                .flatMap(token -> userCaller(token.user(), API_TOKEN + token.id()));
    }

    /** The caller of an enabled user's credential; empty for a user who is disabled or gone. */
    private Optional<Caller> userCaller(String name, String credential) {
        return users.find(name)
                .filter(user -> !user.disabled())
                .map(user -> new Caller(user.name(), user.role(), credential, limits(user.quotas())));
    }

    /** The limits of a user, whoever asks: what an admin's start of another user's environment is checked against. */
    public Caller.Limits limitsOf(String user) {
        return users.find(user).map(found -> limits(found.quotas())).orElse(defaultLimits);
    }

    private Caller.Limits limits(Quotas quotas) {
        return new Caller.Limits(
                quotas.maxActiveJobs() != null ? quotas.maxActiveJobs() : defaultLimits.maxActiveJobs(),
                quotas.maxEnvironments() != null ? quotas.maxEnvironments() : defaultLimits.maxEnvironments(),
                quotas.maxEnvironmentCpus() != null ? quotas.maxEnvironmentCpus() : defaultLimits.maxEnvironmentCpus(),
                quotas.maxEnvironmentMemoryMb() != null
                        ? quotas.maxEnvironmentMemoryMb()
                        : defaultLimits.maxEnvironmentMemoryMb());
    }

    /**
     * A JWT names its user and role in the configured claims; a user of that name who is recorded
     * and disabled is refused, one who is recorded keeps their quotas, and one who is not gets the
     * defaults.
     */
    private Caller fromJwt(JwtDecoder decoder, String token) {
        Jwt jwt;
        try {
            jwt = decoder.decode(token);
        } catch (JwtException e) {
            throw new InvalidBearerTokenException("the JWT is not valid: " + e.getMessage(), e);
        }
        Map<String, Object> claims = jwt.getClaims();
        Object name = claims.getOrDefault(auth.jwt().userClaim(), jwt.getSubject());
        if (name == null || name.toString().isBlank()) {
            throw new InvalidBearerTokenException(
                    "the JWT names no user in " + auth.jwt().userClaim());
        }
        Object roleClaim = claims.get(auth.jwt().roleClaim());
        Role role =
                roleClaim == null ? Role.USER : Role.parse(roleClaim.toString()).orElse(Role.USER);
        Optional<User> recorded = users.find(name.toString());
        if (recorded.isPresent() && recorded.get().disabled()) {
            throw new InvalidBearerTokenException("user " + name + " is disabled");
        }
        return new Caller(
                name.toString(),
                role,
                "jwt:" + name,
                recorded.map(user -> limits(user.quotas())).orElse(defaultLimits));
    }

    private void touch(String hash) {
        Instant now = clock.instant();
        if (lastTouched.asMap().putIfAbsent(hash, now) == null) {
            tokens.touch(hash, now);
        }
    }

    /** Drops every cached lookup: after a change that must hold at once on this gateway (a revocation). */
    void forgetAll() {
        byTokenHash.invalidateAll();
    }

    private static boolean looksLikeJwt(String token) {
        return !token.startsWith(TokenSecrets.PREFIX)
                && token.chars().filter(c -> c == '.').count() == 2;
    }
}
