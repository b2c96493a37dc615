package dev.slipway.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The client stays a plain, quick-starting program that knows the gateway only by its HTTP API. */
class ArchitectureTest {

    private static final JavaClasses CLI = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.slipway.cli");

    @Test
    void noSpringAndNoServerCode() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "dev.slipway.gateway..", "dev.slipway.worker..")
                .check(CLI);
    }

    @Test
    void httpCallsGoThroughTheHttpPackageAndTheTerminalSocket() {
        noClasses()
                .that()
                .resideOutsideOfPackages("..cli.http..", "..cli.env..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("java.net.http..")
                .check(CLI);
    }

    @Test
    void jlineStaysWithTheTerminalCode() {
        noClasses()
                .that()
                .resideOutsideOfPackages("..cli.tty..", "..cli.env..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.jline..")
                .check(CLI);
    }

    @Test
    void featuresDoNotDependOnEachOtherInCycles() {
        slices().matching("dev.slipway.cli.(*)..").should().beFreeOfCycles().check(CLI);
    }
}
