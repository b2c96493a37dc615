package dev.slipway.testing;

import dev.slipway.model.EnvironmentTemplate;
import dev.slipway.model.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Environment templates for tests: the test image kept alive, 8 h lifetimes within 7 d, pool {@code default}. */
public final class TestTemplates {

    private TestTemplates() {}

    public static EnvironmentTemplate busybox(Resources resources, @Nullable Duration idleStopAfter) {
        return new EnvironmentTemplate(
                "test-box",
                TestImage.BUSYBOX,
                null,
                null,
                Map.of(),
                null,
                null,
                List.of("/bin/sh"),
                resources,
                Duration.ofHours(8),
                Duration.ofDays(7),
                idleStopAfter,
                "default",
                Map.of());
    }
}
