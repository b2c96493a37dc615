package dev.slipway.gateway.identity;

import dev.slipway.gateway.config.GatewayProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Makes sure an installation can be signed into. The built-in user {@code admin} always exists. When
 * no admin token is configured and this is the installation's first gateway ever, it generates a
 * token for {@code admin}, prints it once in its log and, when {@code bootstrap-token-file} is set,
 * writes it there (mode 0600).
 */
@Component
class AdminBootstrap {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    /** What a configured admin token must at least have, so that it cannot be guessed. */
    static final int MIN_ADMIN_TOKEN_LENGTH = 32;

    private final UserStore users;
    private final TokenStore tokens;
    private final GatewayProperties.Auth auth;
    private final Clock clock;

    AdminBootstrap(UserStore users, TokenStore tokens, GatewayProperties properties, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.auth = properties.auth();
        this.clock = clock;
        String configured = auth.adminToken();
        if (configured != null && !configured.isBlank() && configured.length() < MIN_ADMIN_TOKEN_LENGTH) {
            throw new IllegalStateException("SLIPWAY_ADMIN_TOKEN (slipway.gateway.auth.admin-token) must have at least "
                    + MIN_ADMIN_TOKEN_LENGTH + " characters; it has " + configured.length());
        }
    }

    @EventListener(ApplicationStartedEvent.class)
    void bootstrap() {
        if (!auth.enabled()) {
            return;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (users.create(new User(BuiltInAdmin.NAME, Role.ADMIN, false, Quotas.DEFAULTS, now, now))) {
            log.info("Created the built-in user '{}'", BuiltInAdmin.NAME);
        }
        String configured = auth.adminToken();
        if (configured != null && !configured.isBlank()) {
            log.info("The admin token is configured (SLIPWAY_ADMIN_TOKEN)");
            return;
        }
        if (!users.claimBootstrap()) {
            return;
        }
        String secret = TokenSecrets.generate();
        ApiToken token = new ApiToken(
                TokenSecrets.newId(),
                "bootstrap",
                BuiltInAdmin.NAME,
                now,
                now.plus(auth.maxTokenDays(), ChronoUnit.DAYS),
                null);
        tokens.add(token, TokenSecrets.sha256(secret));
        log.warn(
                "Generated a token for the built-in user 'admin', shown only now; keep it, and create others with it:"
                        + " {} (expires {})",
                secret,
                token.expiresAt());
        String file = auth.bootstrapTokenFile();
        if (file != null && !file.isBlank()) {
            write(Path.of(file), secret);
            log.info("The admin token is also in {}", file);
        }
    }

    private static void write(Path file, String secret) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin token to " + file, e);
        }
    }
}
