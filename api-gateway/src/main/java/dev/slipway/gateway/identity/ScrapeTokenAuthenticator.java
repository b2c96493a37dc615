package dev.slipway.gateway.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Recognises the scrape token. {@link SecurityConfig} asks it only on the metrics endpoint, so
 * anywhere else the scrape token is an unknown token (401). Any other token is left to
 * {@link BearerTokenAuthenticator} (this answers null for it).
 */
@Component
class ScrapeTokenAuthenticator implements AuthenticationProvider {

    /** The one authority of a request that came with the scrape token. */
    static final String AUTHORITY = "SCRAPE_METRICS";

    private final byte @Nullable [] scrapeTokenHash;

    ScrapeTokenAuthenticator(MetricsAccess access) {
        String token = access.scrapeToken();
        this.scrapeTokenHash = token == null ? null : hash(token);
    }

    @Override
    public @Nullable Authentication authenticate(Authentication authentication) {
        String token = ((BearerTokenAuthenticationToken) authentication).getToken();
        // Digests of equal length compared in constant time: neither content nor length leaks.
        if (scrapeTokenHash == null || !MessageDigest.isEqual(scrapeTokenHash, hash(token))) {
            return null;
        }
        return new Scraper();
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private static byte[] hash(String token) {
        return TokenSecrets.sha256(token).getBytes(StandardCharsets.US_ASCII);
    }

    /** A request of the metrics scraper: no user, no role, only {@link #AUTHORITY}. */
    private static final class Scraper extends AbstractAuthenticationToken {

        Scraper() {
            super(List.of(new SimpleGrantedAuthority(AUTHORITY)));
            setAuthenticated(true);
        }

        @Override
        public String getPrincipal() {
            return "metrics-scraper";
        }

        @Override
        public String getCredentials() {
            return "";
        }
    }
}
