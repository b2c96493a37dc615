package dev.slipway.gateway.identity;

import dev.slipway.gateway.config.GatewayProperties;
import dev.slipway.gateway.problem.FieldProblem;
import dev.slipway.gateway.problem.InvalidRequestException;
import dev.slipway.gateway.problem.NotFoundException;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A user's API tokens: an admin manages anyone's, a user their own. A new token's secret is in the
 * answer that creates it and nowhere else; every token expires.
 */
@Tag(name = "tokens", description = "API tokens of a user: issued once, revoked any time.")
@RestController
@RequestMapping("/api/v1/users/{name}/tokens")
record TokenController(
        UserStore users, TokenStore tokens, CallerLookup callers, GatewayProperties properties, Clock clock) {

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "201", description = "The token; its secret is shown only in this answer.")
    ResponseEntity<IssuedToken> create(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String name,
            @Valid @RequestBody UserRequests.NewToken request) {
        Access.requireSelfOrAdmin(caller, name, "creating tokens");
        if (users.find(name).isEmpty()) {
            throw NotFoundException.user(name);
        }
        GatewayProperties.Auth auth = properties.auth();
        int days = request.expiresInDays() == null ? auth.defaultTokenDays() : request.expiresInDays();
        if (days > auth.maxTokenDays()) {
            throw new InvalidRequestException(
                    List.of(new FieldProblem("expiresInDays", "must be at most " + auth.maxTokenDays())));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String secret = TokenSecrets.generate();
        ApiToken token = new ApiToken(
                TokenSecrets.newId(),
                Objects.requireNonNull(request.name()),
                name,
                now,
                now.plus(days, ChronoUnit.DAYS),
                null);
        tokens.add(token, TokenSecrets.sha256(secret));
        return ResponseEntity.created(URI.create("/api/v1/users/" + name + "/tokens/" + token.id()))
                .body(new IssuedToken(token.id(), token.name(), secret, token.expiresAt()));
    }

    @GetMapping
    List<ApiToken> list(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        Access.requireSelfOrAdmin(caller, name, "listing tokens");
        if (users.find(name).isEmpty()) {
            throw NotFoundException.user(name);
        }
        return tokens.list(name);
    }

    /** The token is refused at once by this gateway, and by every other within the token cache's lifetime. */
    @DeleteMapping("/{id}")
    @ApiResponse(responseCode = "204", description = "The token no longer signs anyone in.")
    ResponseEntity<Void> revoke(
            @AuthenticationPrincipal Caller caller, @PathVariable String name, @PathVariable String id) {
        Access.requireSelfOrAdmin(caller, name, "revoking tokens");
        if (!tokens.revoke(name, id)) {
            throw new NotFoundException("token", id, "User '" + name + "' has no token with id '" + id + "'.");
        }
        callers.forgetAll();
        return ResponseEntity.noContent().build();
    }
}
