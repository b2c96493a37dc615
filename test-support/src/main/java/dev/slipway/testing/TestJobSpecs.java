package dev.slipway.testing;

import dev.slipway.model.JobSpec;
import dev.slipway.model.Resources;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Job specs for tests, by what a test cares about: a busybox script with small limits, and the one
 * field a test changes set by name instead of by position among fifteen.
 */
public final class TestJobSpecs {

    private String image = TestImage.BUSYBOX;
    private List<String> script = List.of("true");
    private @Nullable String workdir;
    private Resources resources = new Resources(0.5, 64, 64);
    private long timeoutSeconds = 600;
    private String pool = "default";
    private int maxAttempts = 1;
    private @Nullable String user;
    private long queueTimeoutSeconds;
    private @Nullable String network;

    private TestJobSpecs() {}

    /** A busybox job running {@code script} in {@code pool}. */
    public static TestJobSpecs script(String pool, String... script) {
        TestJobSpecs spec = new TestJobSpecs();
        spec.pool = pool;
        spec.script = List.of(script);
        return spec;
    }

    public TestJobSpecs workdir(String value) {
        this.workdir = value;
        return this;
    }

    public TestJobSpecs resources(double cpus, long memoryMb, long pidsLimit) {
        this.resources = new Resources(cpus, memoryMb, pidsLimit);
        return this;
    }

    public TestJobSpecs timeoutSeconds(long value) {
        this.timeoutSeconds = value;
        return this;
    }

    public TestJobSpecs maxAttempts(int value) {
        this.maxAttempts = value;
        return this;
    }

    public TestJobSpecs user(String value) {
        this.user = value;
        return this;
    }

    public TestJobSpecs queueTimeoutSeconds(long value) {
        this.queueTimeoutSeconds = value;
        return this;
    }

    public TestJobSpecs network(String value) {
        this.network = value;
        return this;
    }

    public JobSpec build() {
        return new JobSpec(
                image,
                script,
                null,
                Map.of(),
                workdir,
                resources,
                timeoutSeconds,
                pool,
                Map.of(),
                maxAttempts,
                Map.of(),
                List.of(),
                user,
                queueTimeoutSeconds,
                network);
    }
}
