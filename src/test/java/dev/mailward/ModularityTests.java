package dev.mailward;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Keeps the module structure of DESIGN.md §2 true. */
class ModularityTests {

    /** The modules as Spring Modulith sees them; analysed once per test JVM (also used by {@link ArchitectureDocTests}). */
    static final ApplicationModules MODULES = ApplicationModules.of(MailwardApplication.class);

    /**
     * Where the console binds a library's settings beside it and wires it ({@code mailward.dns.*},
     * {@code mailward.checks.*}): the one place in dns, probe and checks that may use Spring.
     */
    private static final String[] CONSOLE_BINDINGS = {"dev.mailward.dns.config..", "dev.mailward.checks.config.."};

    @Test
    void modulesOnlyUseEachOthersPublicApiAndAllowedDependencies() {
        MODULES.verify();
    }

    @Test
    void checkEngineDnsAndProbeAreLibrariesWithoutWebOrPersistence() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.mailward.dns", "dev.mailward.probe", "dev.mailward.checks", "dev.mailward.cli");
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.mailward.dns..", "dev.mailward.probe..", "dev.mailward.checks..", "dev.mailward.cli..")
                .and()
                .resideOutsideOfPackages(CONSOLE_BINDINGS)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework.web..",
                        "org.springframework.data..",
                        "org.springframework.boot..",
                        "jakarta.persistence..",
                        "jakarta.servlet..",
                        "org.springframework.jdbc..",
                        "org.springframework.context..",
                        "org.springframework.stereotype..")
                .because(
                        "DESIGN.md §2: dns, probe and checks are a library the CLI, the scheduler and tests drive directly")
                .check(classes);
    }

    @Test
    void theLibrariesAndTheCliDoNotUseTheConsolesBindings() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.mailward.dns", "dev.mailward.probe", "dev.mailward.checks", "dev.mailward.cli");
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.mailward.dns..", "dev.mailward.probe..", "dev.mailward.checks..", "dev.mailward.cli..")
                .and()
                .resideOutsideOfPackages(CONSOLE_BINDINGS)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(CONSOLE_BINDINGS)
                .because("the bindings wire the library for the console; the library and the CLI take plain settings")
                .check(classes);
    }
}
