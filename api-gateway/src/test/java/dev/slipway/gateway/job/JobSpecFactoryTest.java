package dev.slipway.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.gateway.config.GatewayProperties;
import dev.slipway.gateway.config.GatewayProperties.JobLimits;
import dev.slipway.gateway.config.GatewayProperties.ResourceValues;
import dev.slipway.model.JobSpec;
import dev.slipway.model.Resources;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobSpecFactoryTest {

    private final JobSpecFactory factory = new JobSpecFactory(new GatewayProperties(
            Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(15), 50, 500,
            new JobLimits(Duration.ofHours(1), Duration.ofHours(24), 3, 10,
                    new ResourceValues(1.0, 512, 512), new ResourceValues(4.0, 8192, 4096))));

    private static JobRequest request(List<String> script, List<String> command, JobRequest.ResourcesRequest resources,
            Long timeoutSeconds, Integer maxAttempts) {
        return new JobRequest("busybox", script, command, null, null, resources, timeoutSeconds, null, null, maxAttempts);
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
    }

    @Test
    void givenResourcesAreKeptAndMissingOnesDefaulted() {
        JobSpec spec = factory.create(request(List.of("true"), null, new JobRequest.ResourcesRequest(0.5, null, 64L), 60L, 1));

        assertThat(spec.resources()).isEqualTo(new Resources(0.5, 512, 64));
        assertThat(spec.timeoutSeconds()).isEqualTo(60);
        assertThat(spec.maxAttempts()).isEqualTo(1);
    }

    @Test
    void valuesOverTheMaximaAreReportedPerField() {
        assertThatThrownBy(() -> factory.create(request(List.of("true"), null,
                        new JobRequest.ResourcesRequest(8.0, 999_999L, 99_999L), 100_000L, 11)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.problems())
                        .extracting(FieldProblem::field)
                        .containsExactlyInAnyOrder("resources.cpus", "resources.memoryMb", "resources.pidsLimit",
                                "timeoutSeconds", "maxAttempts"));
    }

    @Test
    void aJobNeedsAScriptOrACommand() {
        assertThatThrownBy(() -> factory.create(request(null, null, null, null, null)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e ->
                        assertThat(e.problems()).containsExactly(new FieldProblem("script", "either script or command is required")));
    }

    @Test
    void aJobCannotHaveBothScriptAndCommand() {
        assertThatThrownBy(() -> factory.create(request(List.of("true"), List.of("true"), null, null, null)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e ->
                        assertThat(e.problems()).extracting(FieldProblem::field).containsExactly("command"));
    }
}
