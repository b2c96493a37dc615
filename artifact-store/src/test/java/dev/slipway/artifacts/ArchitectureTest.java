package dev.slipway.artifacts;

import dev.slipway.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The layering of this module, checked on every build (see docs/architecture.md). */
class ArchitectureTest {

    private static final String BASE = "dev.slipway.artifacts";

    @Test
    void thePortAndItsAdaptersFormNoPackageCycle() {
        ArchitectureRules.checkNoPackageCycles(BASE);
    }

    @Test
    void theAwsSdkIsUsedOnlyByTheS3Adapter() {
        ArchitectureRules.checkVendorClientsStayInTheirAdapters(BASE);
    }
}
