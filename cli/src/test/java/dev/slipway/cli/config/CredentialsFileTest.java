package dev.slipway.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class CredentialsFileTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    Path home;

    @Test
    void keepsTheTokenInAFileOnlyItsOwnerCanReadInDirectoriesOnlyTheOwnerCanEnter() throws Exception {
        CredentialsFile file = CredentialsFile.of(Map.of("HOME", home.toString()), json);

        file.write(new Credentials("http://gw:8080/", "slp_secret"));

        assertThat(file.path()).isEqualTo(home.resolve(".config/slipway/credentials"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(file.path().getParent())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(".config"))))
                .isEqualTo("rwx------");
        assertThat(file.read()).contains(new Credentials("http://gw:8080", "slp_secret"));
        try (var left = Files.list(file.path().getParent())) {
            assertThat(left).containsExactly(file.path());
        }
    }

    @Test
    void rewritingAFileMadeOpenToOthersMakesItOwnerOnlyAgain() throws Exception {
        CredentialsFile file = CredentialsFile.of(Map.of("XDG_CONFIG_HOME", home.toString()), json);
        Files.createDirectories(file.path().getParent());
        Files.writeString(file.path(), "{}");
        Files.setPosixFilePermissions(file.path(), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(file.path().getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));

        file.write(new Credentials("http://gw", "t"));

        assertThat(file.path()).isEqualTo(home.resolve("slipway/credentials"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(file.path().getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void theEnvironmentOverridesTheFileValueByValue() throws Exception {
        Map<String, String> environment = Map.of("HOME", home.toString());
        CredentialsFile file = CredentialsFile.of(environment, json);
        file.write(new Credentials("http://kept", "kept-token"));

        assertThat(file.resolve(environment)).isEqualTo(new Credentials("http://kept", "kept-token"));
        assertThat(file.resolve(Map.of("SLIPWAY_TOKEN", "other"))).isEqualTo(new Credentials("http://kept", "other"));
        assertThat(file.resolve(Map.of("SLIPWAY_URL", "http://elsewhere", "SLIPWAY_TOKEN", "t")))
                .isEqualTo(new Credentials("http://elsewhere", "t"));
    }

    @Test
    void withoutFileOrEnvironmentItSaysHowToLogIn() throws Exception {
        CredentialsFile file = CredentialsFile.of(Map.of("HOME", home.toString()), json);

        assertThatThrownBy(() -> file.resolve(Map.of()))
                .isInstanceOf(NotLoggedInException.class)
                .hasMessageContaining("slipway login URL");
        assertThatThrownBy(() -> file.resolve(Map.of("SLIPWAY_URL", "http://gw")))
                .isInstanceOf(NotLoggedInException.class)
                .hasMessageStartingWith("no token");
        assertThat(file.delete()).isFalse();
    }
}
