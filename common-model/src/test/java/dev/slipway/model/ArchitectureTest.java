package dev.slipway.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The wire contract stays free of frameworks and vendor clients (see docs/architecture.md). */
class ArchitectureTest {

    @Test
    void theWireContractDependsOnNoFrameworkAndNoVendorClient() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "com.github.dockerjava..",
                        "io.lettuce..",
                        "com.rabbitmq..",
                        "software.amazon.awssdk..",
                        "org.eclipse.jgit..",
                        "tools.jackson.databind..")
                .because("common-model is the wire contract only: records, events and names")
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.slipway.model"));
    }
}
