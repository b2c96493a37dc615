package dev.slipway.worker;

import dev.slipway.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The layering of this module, checked on every build (see docs/architecture.md). */
class ArchitectureTest {

    private static final String BASE = "dev.slipway.worker";

    @Test
    void featuresAndAdaptersFormNoPackageCycle() {
        ArchitectureRules.checkNoPackageCycles(BASE);
    }

    @Test
    void everyVendorClientIsUsedOnlyByItsAdapterPackage() {
        ArchitectureRules.checkVendorClientsStayInTheirAdapters(BASE);
    }
}
