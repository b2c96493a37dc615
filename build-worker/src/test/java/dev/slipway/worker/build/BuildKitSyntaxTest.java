package dev.slipway.worker.build;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BuildKitSyntaxTest {

    @Test
    void aClassicDockerfilePasses() {
        assertThat(BuildKitSyntax.problem("""
                # syntax comments are fine
                FROM busybox:latest AS base
                ARG VERSION=1
                COPY --chown=1000:1000 src/ /src/
                RUN echo "a --mount in a string" \\
                    && make -C /src
                CMD ["sh"]
                """)).isEmpty();
    }

    @Test
    void runMountIsRefusedNamingItsLine() {
        assertThat(BuildKitSyntax.problem("FROM busybox\n\nRUN --mount=type=cache,target=/root/.m2 mvn package\n"))
                .hasValue("line 3: RUN --mount needs BuildKit, and Slipway builds with the engine's classic builder");
    }

    @Test
    void aFlagAfterAnotherFlagOnAContinuedLineIsFound() {
        assertThat(BuildKitSyntax.problem("FROM busybox\nRUN \\\n  --network=none \\\n  true\n"))
                .hasValueSatisfying(problem -> assertThat(problem).startsWith("line 2: RUN --network"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"COPY --link a /a", "ADD --chmod=0755 a /a", "run --security=insecure true"})
    void otherBuildKitFlagsAreRefused(String line) {
        assertThat(BuildKitSyntax.problem("FROM busybox\n" + line + "\n")).isPresent();
    }

    @Test
    void aHeredocIsRefused() {
        assertThat(BuildKitSyntax.problem("FROM busybox\nRUN <<EOF\necho hi\nEOF\n"))
                .hasValueSatisfying(problem -> assertThat(problem).contains("heredoc"));
    }

    @Test
    void aTagsRegistryIsItsFirstPartWhenThatIsAHost() {
        assertThat(RegistrySettings.hostOf("127.0.0.1:5000/team/app:1.0")).isEqualTo("127.0.0.1:5000");
        assertThat(RegistrySettings.hostOf("registry.example.com/app")).isEqualTo("registry.example.com");
        assertThat(RegistrySettings.hostOf("localhost/app")).isEqualTo("localhost");
        assertThat(RegistrySettings.hostOf("team/app:1.0")).isEqualTo("docker.io");
        assertThat(RegistrySettings.hostOf("app")).isEqualTo("docker.io");
    }
}
