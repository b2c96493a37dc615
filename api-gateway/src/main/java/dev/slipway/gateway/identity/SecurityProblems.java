package dev.slipway.gateway.identity;

import dev.slipway.gateway.audit.AuditEntry;
import dev.slipway.gateway.audit.AuditTrail;
import dev.slipway.gateway.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers a request Spring Security refused as problem+json, like every other error: 401 with
 * {@code WWW-Authenticate: Bearer} (and RFC 6750's error attributes) for a missing, unknown,
 * expired or revoked token, 403 for a role that may not. Refused authentications are audited.
 */
@Component
class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
    private final JsonMapper json;
    private final AuditTrail audit;
    private final Clock clock;

    SecurityProblems(JsonMapper json, AuditTrail audit, Clock clock) {
        this.json = json;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        bearer.commence(request, response, failure); // status and WWW-Authenticate
        String reason = failure instanceof OAuth2AuthenticationException oauth
                        && oauth.getError().getDescription() != null
                ? oauth.getError().getDescription()
                : "a bearer token is required (Authorization: Bearer <token>)";
        audit.record(new AuditEntry(
                null,
                clock.instant(),
                "(anonymous)",
                null,
                "auth.refused",
                request.getRequestURI(),
                "401 " + reason,
                request.getRemoteAddr()));
        write(response, HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required", reason);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        String detail = "Your role may not do this" + (caller == null ? "." : " (" + caller.getName() + ").");
        write(response, HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail);
    }

    private void write(HttpServletResponse response, HttpStatus status, String type, String title, String detail)
            throws IOException {
        Problems.write(response, json, Problems.of(status, type, title, detail));
    }
}
