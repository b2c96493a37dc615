package dev.slipway.worker.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RegistrySettingsTest {

    private final RegistrySettings settings = new RegistrySettings(List.of(
            new RegistrySettings.Registry("registry.example.com", "ci", "pw", List.of("team/")),
            new RegistrySettings.Registry("127.0.0.1:5000", "local", "pw2", List.of("*")),
            new RegistrySettings.Registry("bare.example.com", "nobody", "pw3", null)));

    @Test
    void credentialsAreForTheRepositoriesTheyName() {
        assertThat(settings.forTag("registry.example.com/team/app:1.0"))
                .isEqualTo(new RegistryCredentials("registry.example.com", "ci", "pw"));
        assertThat(settings.forTag("registry.example.com/platform/base:latest")).isNull();
        assertThat(settings.forTag("registry.example.com/teammate/app:1")).isNull();
    }

    @Test
    void aStarCoversTheWholeRegistryAndNoRepositoriesCoverNone() {
        assertThat(settings.forTag("127.0.0.1:5000/any/thing:2")).isNotNull();
        assertThat(settings.forTag("bare.example.com/app:1")).isNull();
        assertThat(settings.forTag("team/app:1"))
                .as("Docker Hub, which none names")
                .isNull();
    }

    @Test
    void aPasswordIsNeverShown() {
        assertThat(settings.registries().getFirst().toString())
                .doesNotContain("=pw")
                .contains("(hidden)");
        assertThat(new RegistryCredentials("h", "u", "s3cret").toString()).doesNotContain("s3cret");
    }
}
