package dev.slipway.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The layering every module keeps, as ArchUnit rules each module's {@code ArchitectureTest} runs
 * over its own main classes: no package cycles, and each external system's client used only by its
 * adapter package. Adapters for systems a module does not use yet (an object store, git) fall under
 * the same rules the day they are added.
 */
public final class ArchitectureRules {

    /** A vendor's packages, and the adapter packages that alone may use them. */
    public record Adapter(String system, String vendorPackages, String adapterPackages) {}

    public static final List<Adapter> ADAPTERS = List.of(
            new Adapter("docker-java", "com.github.dockerjava..", "..docker.."),
            new Adapter("Lettuce", "io.lettuce..", "..redis.."),
            new Adapter("Spring Data Redis", "org.springframework.data.redis..", "..redis.."),
            new Adapter("Spring AMQP", "org.springframework.amqp..", "..rabbit.."),
            new Adapter("the RabbitMQ client", "com.rabbitmq..", "..rabbit.."),
            new Adapter("the AWS SDK", "software.amazon.awssdk..", "..s3.."),
            new Adapter("JGit", "org.eclipse.jgit..", "..git.."));

    private ArchitectureRules() {}

    /** The main (not test) classes under a base package, as built. */
    public static JavaClasses mainClassesOf(String basePackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(basePackage);
    }

    /** The packages directly under {@code basePackage} (its features and adapters) form no cycle. */
    public static ArchRule noPackageCycles(String basePackage) {
        return slices().matching(basePackage + ".(*)..").should().beFreeOfCycles();
    }

    /** Only the adapter's packages use the system's client. */
    public static ArchRule onlyItsAdapterUses(Adapter adapter) {
        return noClasses()
                .that()
                .resideOutsideOfPackage(adapter.adapterPackages())
                .should()
                .dependOnClassesThat()
                .resideInAPackage(adapter.vendorPackages())
                .because(adapter.system() + " is used only by its adapter (" + adapter.adapterPackages() + ")")
                .allowEmptyShould(true);
    }

    /** Checks that the module's packages form no cycle. */
    public static void checkNoPackageCycles(String basePackage) {
        noPackageCycles(basePackage).allowEmptyShould(true).check(mainClassesOf(basePackage));
    }

    /** Checks every adapter rule over the module's main classes. */
    public static void checkVendorClientsStayInTheirAdapters(String basePackage) {
        JavaClasses classes = mainClassesOf(basePackage);
        for (Adapter adapter : ADAPTERS) {
            onlyItsAdapterUses(adapter).check(classes);
        }
    }
}
