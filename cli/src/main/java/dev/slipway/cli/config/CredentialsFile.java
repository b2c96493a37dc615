package dev.slipway.cli.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The file {@code slipway login} keeps the gateway and the token in: {@code
 * $XDG_CONFIG_HOME/slipway/credentials}, else {@code ~/.config/slipway/credentials}. Only its owner
 * may read it (0600, in directories of 0700), as ssh keeps keys; it is written to a temporary file
 * of those permissions first and moved into place, so no reader ever sees it half written or open
 * to others.
 */
public final class CredentialsFile {

    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private final Path path;
    private final JsonMapper json;

    CredentialsFile(Path path, JsonMapper json) {
        this.path = path;
        this.json = json;
    }

    /** The file for this environment: XDG_CONFIG_HOME, else HOME (the JVM's user.home ignores HOME). */
    public static CredentialsFile of(Map<String, String> environment, JsonMapper json) {
        String xdg = environment.get("XDG_CONFIG_HOME");
        Path config;
        if (xdg != null && !xdg.isBlank()) {
            config = Path.of(xdg);
        } else {
            String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
            config = Path.of(home, ".config");
        }
        return new CredentialsFile(config.resolve("slipway").resolve("credentials"), json);
    }

    public Path path() {
        return path;
    }

    public Optional<Credentials> read() throws IOException {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        JsonNode stored = json.readTree(Files.readString(path));
        return Optional.of(new Credentials(
                stored.path("url").asString(), stored.path("token").asString()));
    }

    public void write(Credentials credentials) throws IOException {
        Path directory = java.util.Objects.requireNonNull(path.getParent(), "a file in a directory");
        createOwnerOnlyDirectories(directory);
        Path temporary = Files.createTempFile(
                directory, ".credentials", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        try {
            Files.writeString(
                    temporary, json.writeValueAsString(Map.of("url", credentials.url(), "token", credentials.token())));
            Files.setPosixFilePermissions(temporary, OWNER_ONLY_FILE);
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** @return whether there was a file to delete */
    public boolean delete() throws IOException {
        return Files.deleteIfExists(path);
    }

    /**
     * What a run uses: the file's values, each overridden by SLIPWAY_URL or SLIPWAY_TOKEN when set.
     *
     * @throws NotLoggedInException when either is missing
     */
    public Credentials resolve(Map<String, String> environment) throws IOException {
        Optional<Credentials> stored = read();
        String url = firstOf(
                environment.get("SLIPWAY_URL"), stored.map(Credentials::url).orElse(null));
        String token = firstOf(
                environment.get("SLIPWAY_TOKEN"), stored.map(Credentials::token).orElse(null));
        if (url == null) {
            throw new NotLoggedInException("gateway URL");
        }
        if (token == null) {
            throw new NotLoggedInException("token");
        }
        return new Credentials(url, token);
    }

    private static @Nullable String firstOf(@Nullable String preferred, @Nullable String fallback) {
        if (preferred != null && !preferred.isBlank()) {
            return preferred;
        }
        return fallback == null || fallback.isBlank() ? null : fallback;
    }

    private static void createOwnerOnlyDirectories(Path directory) throws IOException {
        Path parent = directory.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            createOwnerOnlyDirectories(parent);
        }
        if (!Files.isDirectory(directory)) {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
        }
        if (directory.getFileName().toString().equals("slipway")) {
            // our own directory, also when an older one was made with the umask's permissions
            Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
        }
    }
}
