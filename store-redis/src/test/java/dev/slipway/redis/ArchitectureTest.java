package dev.slipway.redis;

import dev.slipway.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The layering of this module, checked on every build (see docs/architecture.md). */
class ArchitectureTest {

    private static final String BASE = "dev.slipway.redis";

    @Test
    void featuresAndAdaptersFormNoPackageCycle() {
        ArchitectureRules.checkNoPackageCycles(BASE);
    }

    @Test
    void everyVendorClientIsUsedOnlyByItsAdapterPackage() {
        ArchitectureRules.checkVendorClientsStayInTheirAdapters(BASE);
    }
}
