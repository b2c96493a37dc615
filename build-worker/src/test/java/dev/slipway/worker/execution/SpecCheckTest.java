package dev.slipway.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.JobSpec;
import dev.slipway.model.Resources;
import dev.slipway.worker.config.WorkerProperties;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class SpecCheckTest {

    private final SpecCheck check = new SpecCheck(new WorkerProperties.Jobs(2.0, 1024, 256, null, null));

    private static JobSpec spec(Resources resources, @Nullable String workdir, @Nullable String user) {
        return new JobSpec(
                "busybox",
                List.of("true"),
                null,
                Map.of(),
                workdir,
                resources,
                60,
                "default",
                Map.of(),
                1,
                Map.of(),
                List.of(),
                user,
                0,
                null);
    }

    @Test
    void aJobWithinTheWorkersLimitsPasses() {
        assertThatCode(() -> check.check(spec(new Resources(2.0, 1024, 256), "/src", "1000:1000")))
                .doesNotThrowAnyException();
    }

    /** Docker reads NanoCPUs=0 as no limit at all: a tiny share must never reach it. */
    @Test
    void aCpuShareThatWouldRoundToUnlimitedIsRefused() {
        assertThatThrownBy(() -> check.check(spec(new Resources(1e-10, 64, 64), null, null)))
                .isInstanceOf(JobRefusedException.class)
                .hasMessageContaining("resources.cpus");
    }

    @Test
    void everyLimitOverTheWorkersOwnMaximaIsNamedAtOnce() {
        assertThatThrownBy(() -> check.check(spec(new Resources(3.0, 4096, 1000), null, null)))
                .isInstanceOf(JobRefusedException.class)
                .hasMessageContaining("resources.cpus 3.0 is outside 0.01..2.0")
                .hasMessageContaining("resources.memoryMb 4096 is outside 6..1024")
                .hasMessageContaining("resources.pidsLimit 1000 is outside 1..256");
    }

    @Test
    void aWorkdirIntoProcIsRefusedEvenWhenNoGatewayCheckedIt() {
        assertThatThrownBy(() -> check.check(spec(new Resources(1, 64, 64), "/proc/self/fd/8", null)))
                .isInstanceOf(JobRefusedException.class)
                .hasMessageContaining("workdir must not be in /proc");
    }

    @Test
    void aMalformedUserIsRefused() {
        assertThatThrownBy(() -> check.check(spec(new Resources(1, 64, 64), null, "root --privileged")))
                .isInstanceOf(JobRefusedException.class)
                .hasMessageContaining("user");
    }

    @Test
    void theJobsUserWinsOverTheWorkersDefault() {
        ContainerSpec container = ContainerSpecs.forAttempt(
                dev.slipway.model.JobId.of("019ab6a2-4f6e-7c1d-8a8e-0d5e2f9b1c3a"),
                1,
                spec(new Resources(1, 64, 64), null, "1000"),
                Map.of(),
                dev.slipway.model.WorkerId.of("w"),
                List.of(),
                "65534",
                null);
        assertThat(container.user()).isEqualTo("1000");
    }
}
