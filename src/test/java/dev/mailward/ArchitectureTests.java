package dev.mailward;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.persistence.Entity;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Controller;
import org.springframework.stereotype.Repository;

/**
 * The rules of DESIGN.md §2 and the house style that Spring Modulith cannot see ({@link ModularityTests}
 * checks the modules' dependencies): what a module keeps to itself and what a controller may call.
 * Each rule is its own test method.
 */
class ArchitectureTests {

    /** The application's classes (no tests), imported once per test JVM. */
    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.mailward");

    /**
     * Where a module reads or writes its tables: a {@code @Repository} of Mailward (the SQL stores), a
     * Spring Data repository, or a Mailward class named so ({@code *Store}, {@code *Repository}).
     * Spring's own {@code SecurityContextRepository} is not one.
     */
    static final DescribedPredicate<JavaClass> STORES = DescribedPredicate.describe(
            "are stores or repositories (@Repository, Spring Data repositories, *Store, *Repository)",
            c -> c.getPackageName().startsWith("dev.mailward.")
                    && (c.isAnnotatedWith(Repository.class)
                            || c.isAssignableTo("org.springframework.data.repository.Repository")
                            || c.getSimpleName().endsWith("Store")
                            || c.getSimpleName().endsWith("Repository")));

    @Test
    void repositoriesAndEntitiesAreNotPublic() {
        classes().that(STORES).or().areAnnotatedWith(Entity.class)
                .should().notBePublic()
                .because("house style 3, 5, 6: another module uses a module's facade, events or views, "
                        + "never its repository or entity")
                .check(MAIN);
    }

    @Test
    void controllersNeverCallStoresOrRepositories() {
        noClasses().that().areMetaAnnotatedWith(Controller.class)
                .should().dependOnClassesThat(STORES)
                .because("house style 9: a controller binds, validates, calls one facade method and returns "
                        + "a view or a DTO; the facade calls the store")
                .check(MAIN);
    }
}
