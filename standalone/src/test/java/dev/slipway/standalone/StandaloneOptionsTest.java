package dev.slipway.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StandaloneOptionsTest {

    @Test
    void withoutArgumentsItPicksServicesByItselfOnTheDefaultPorts() {
        StandaloneOptions options = StandaloneOptions.parse(new String[0], null);

        assertThat(options.services()).isEqualTo(StandaloneOptions.Services.AUTO);
        assertThat(options.gatewayPort()).isEqualTo(8080);
        assertThat(options.workerPort()).isEqualTo(8081);
        assertThat(options.passThrough()).isEmpty();
    }

    @Test
    void itsOwnOptionsAreTakenOutAndSpringPropertiesPassedOnToBothApplications() {
        StandaloneOptions options = StandaloneOptions.parse(
                new String[] {
                    "--services=embedded",
                    "--port=9090",
                    "--worker-port=9091",
                    "--state-dir=/tmp/s",
                    "--slipway.worker.slots=4"
                },
                null);

        assertThat(options.services()).isEqualTo(StandaloneOptions.Services.EMBEDDED);
        assertThat(options.gatewayPort()).isEqualTo(9090);
        assertThat(options.workerPort()).isEqualTo(9091);
        assertThat(options.stateDirectory()).isEqualTo(Path.of("/tmp/s"));
        assertThat(options.passThrough()).containsExactly("--slipway.worker.slots=4");
    }

    @Test
    void theEnvironmentChoosesServicesUnlessAnArgumentDoes() {
        assertThat(StandaloneOptions.parse(new String[0], "local").services())
                .isEqualTo(StandaloneOptions.Services.LOCAL);
        assertThat(StandaloneOptions.parse(new String[] {"--services=auto"}, "local")
                        .services())
                .isEqualTo(StandaloneOptions.Services.AUTO);
    }

    @Test
    void anUnknownServicesChoiceIsNamedWithTheChoices() {
        assertThatThrownBy(() -> StandaloneOptions.parse(new String[] {"--services=kafka"}, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--services must be auto, embedded or local, not 'kafka'");
    }

    @Test
    void aPortThatIsNotANumberIsNamed() {
        assertThatThrownBy(() -> StandaloneOptions.parse(new String[] {"--port=http"}, null))
                .hasMessage("--port must be a port number (0-65535), not 'http'");
        assertThatThrownBy(() -> StandaloneOptions.parse(new String[] {"--worker-port=70000"}, null))
                .hasMessage("--worker-port must be a port number (0-65535), not '70000'");
    }
}
