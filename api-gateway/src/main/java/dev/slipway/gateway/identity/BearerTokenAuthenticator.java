package dev.slipway.gateway.identity;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.stereotype.Component;

/** Authenticates the bearer token Spring Security read from the request, through {@link CallerLookup}. */
@Component
record BearerTokenAuthenticator(CallerLookup callers) implements AuthenticationProvider {

    @Override
    public Authentication authenticate(Authentication authentication) {
        String token = ((BearerTokenAuthenticationToken) authentication).getToken();
        return new CallerAuthentication(callers.identify(token));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
