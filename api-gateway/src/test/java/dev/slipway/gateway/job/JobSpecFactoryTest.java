package dev.slipway.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.gateway.config.GatewayProperties;
import dev.slipway.gateway.config.GatewayProperties.JobLimits;
import dev.slipway.gateway.config.GatewayProperties.ResourceValues;
import dev.slipway.gateway.problem.FieldProblem;
import dev.slipway.gateway.problem.InvalidRequestException;
import dev.slipway.model.JobSpec;
import dev.slipway.model.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JobSpecFactoryTest {

    private final JobSpecFactory factory = new JobSpecFactory(new GatewayProperties(
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            Duration.ofSeconds(15),
            50,
            500,
            new JobLimits(
                    Duration.ofHours(1),
                    Duration.ofHours(24),
                    3,
                    10,
                    new ResourceValues(1.0, 512, 512),
                    new ResourceValues(4.0, 8192, 4096),
                    Duration.ofHours(24),
                    Duration.ofDays(7)),
            Duration.ofDays(7),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            2));

    private static JobRequest request(
            List<String> script,
            List<String> command,
            ResourcesRequest resources,
            Long timeoutSeconds,
            Integer maxAttempts) {
        return new JobRequest(
                "busybox",
                script,
                command,
                null,
                null,
                resources,
                timeoutSeconds,
                null,
                null,
                maxAttempts,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private static JobRequest withResources(Double cpus, Long memoryMb, Long pidsLimit) {
        return request(List.of("true"), null, new ResourcesRequest(cpus, memoryMb, pidsLimit), null, null);
    }

    @Test
    void leftOutValuesGetTheConfiguredDefaults() {
        JobSpec spec = factory.create(request(List.of("true"), null, null, null, null));

        assertThat(spec.pool()).isEqualTo("default");
        assertThat(spec.resources()).isEqualTo(new Resources(1.0, 512, 512));
        assertThat(spec.timeoutSeconds()).isEqualTo(3600);
        assertThat(spec.maxAttempts()).isEqualTo(3);
        assertThat(spec.env()).isEmpty();
        assertThat(spec.labels()).isEmpty();
        assertThat(spec.workdir()).isNull();
        assertThat(spec.command()).isNull();
    }

    @Test
    void givenResourcesAreKeptAndMissingOnesDefaulted() {
        JobSpec spec = factory.create(request(List.of("true"), null, new ResourcesRequest(0.5, null, 64L), 60L, 1));

        assertThat(spec.resources()).isEqualTo(new Resources(0.5, 512, 64));
        assertThat(spec.timeoutSeconds()).isEqualTo(60);
        assertThat(spec.maxAttempts()).isEqualTo(1);
    }

    @Test
    void artifactRulesGetGitLabsDefaultsAndAWorkingDirectory() {
        JobSpec spec = factory.create(withArtifacts(new ArtifactsRequest(List.of("out/**"), null, null, null)));

        assertThat(spec.artifacts())
                .isEqualTo(new dev.slipway.model.ArtifactSpec(
                        List.of("out/**"), List.of(), dev.slipway.model.ArtifactWhen.ON_SUCCESS, 7 * 24 * 3600));
        assertThat(spec.workdir()).isEqualTo("/workspace");
    }

    @Test
    void aBadArtifactPatternOrLifeIsNamed() {
        assertThatThrownBy(() -> factory.create(withArtifacts(
                        new ArtifactsRequest(List.of("ok/*", "../etc"), List.of("/abs"), "always", "seven days"))))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.problems())
                                .extracting(FieldProblem::field)
                                .containsExactlyInAnyOrder(
                                        "artifacts.paths[1]", "artifacts.exclude[0]", "artifacts.expireIn"));
    }

    private static JobRequest withArtifacts(ArtifactsRequest artifacts) {
        return new JobRequest(
                "busybox",
                List.of("true"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                artifacts,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    @Test
    void givenValuesAreCarriedIntoTheSpecUnchanged() {
        JobSpec spec = factory.create(new JobRequest(
                "registry.example.com:5000/team/app:v1",
                null,
                List.of("--version"),
                Map.of("A", "1"),
                "/src",
                null,
                null,
                "gpu-pool",
                Map.of("team", "infra"),
                null,
                Map.of("arch", "aarch64"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null));

        assertThat(spec.image()).isEqualTo("registry.example.com:5000/team/app:v1");
        assertThat(spec.script()).isNull();
        assertThat(spec.command()).containsExactly("--version");
        assertThat(spec.constraints()).containsExactly(Map.entry("arch", "aarch64"));
        assertThat(spec.env()).containsExactlyEntriesOf(Map.of("A", "1"));
        assertThat(spec.workdir()).isEqualTo("/src");
        assertThat(spec.pool()).isEqualTo("gpu-pool");
        assertThat(spec.labels()).containsExactlyEntriesOf(Map.of("team", "infra"));
    }

    @Test
    void valuesExactlyAtTheMaximaAreAccepted() {
        JobSpec spec =
                factory.create(request(List.of("true"), null, new ResourcesRequest(4.0, 8192L, 4096L), 86_400L, 10));

        assertThat(spec.resources()).isEqualTo(new Resources(4.0, 8192, 4096));
        assertThat(spec.timeoutSeconds()).isEqualTo(86_400);
        assertThat(spec.maxAttempts()).isEqualTo(10);
    }

    static Stream<Arguments> overTheMaximum() {
        return Stream.of(
                Arguments.of(withResources(4.5, null, null), new FieldProblem("resources.cpus", "must be at most 4.0")),
                Arguments.of(
                        withResources(null, 8193L, null),
                        new FieldProblem("resources.memoryMb", "must be at most 8192")),
                Arguments.of(
                        withResources(null, null, 4097L),
                        new FieldProblem("resources.pidsLimit", "must be at most 4096")),
                Arguments.of(
                        request(List.of("true"), null, null, 86_401L, null),
                        new FieldProblem("timeoutSeconds", "must be at most 86400")),
                Arguments.of(
                        request(List.of("true"), null, null, null, 11),
                        new FieldProblem("maxAttempts", "must be at most 10")));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("overTheMaximum")
    void aValueOverItsMaximumIsAProblemOnItsDottedField(JobRequest request, FieldProblem expected) {
        assertThatThrownBy(() -> factory.create(request))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.problems()).containsExactly(expected));
    }

    @Test
    void valuesOverTheMaximaAreReportedTogetherPerField() {
        assertThatThrownBy(() -> factory.create(
                        request(List.of("true"), null, new ResourcesRequest(8.0, 999_999L, 99_999L), 100_000L, 11)))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.problems())
                                .extracting(FieldProblem::field)
                                .containsExactlyInAnyOrder(
                                        "resources.cpus",
                                        "resources.memoryMb",
                                        "resources.pidsLimit",
                                        "timeoutSeconds",
                                        "maxAttempts"));
    }

    @Test
    void aJobNeedsAScriptOrACommand() {
        assertThatThrownBy(() -> factory.create(request(null, null, null, null, null)))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.problems())
                                .containsExactly(new FieldProblem("script", "either script or command is required")));
    }

    @Test
    void aJobCannotHaveBothScriptAndCommand() {
        assertThatThrownBy(() -> factory.create(request(List.of("true"), List.of("true"), null, null, null)))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.problems())
                                .containsExactly(
                                        new FieldProblem("command", "give either script or command, not both")));
    }

    @Test
    void aMissingScriptIsReportedAlongsideLimitProblems() {
        assertThatThrownBy(() -> factory.create(request(null, null, null, null, 11)))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.problems())
                                .extracting(FieldProblem::field)
                                .containsExactly("script", "maxAttempts"));
    }
}
