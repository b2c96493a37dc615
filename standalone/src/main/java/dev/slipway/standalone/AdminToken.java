package dev.slipway.standalone;

import dev.slipway.gateway.identity.TokenSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jspecify.annotations.Nullable;

/**
 * The admin token of a standalone system: {@code SLIPWAY_ADMIN_TOKEN} when it is set; otherwise the
 * one in the state directory's {@code admin-token} file (mode 0600), generated on the first start,
 * so that the same token signs in after every restart.
 *
 * @param file where it is kept; null when it came from the environment
 */
record AdminToken(String value, @Nullable Path file) {

    static final String FILE_NAME = "admin-token";

    static AdminToken resolve(Path stateDirectory, @Nullable String fromEnvironment) throws IOException {
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new AdminToken(fromEnvironment, null);
        }
        Path file = stateDirectory.resolve(FILE_NAME);
        if (Files.isRegularFile(file)) {
            String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!kept.isEmpty()) {
                return new AdminToken(kept, file);
            }
        }
        Files.createDirectories(stateDirectory);
        String token = TokenSecrets.generate();
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
        return new AdminToken(token, file);
    }
}
