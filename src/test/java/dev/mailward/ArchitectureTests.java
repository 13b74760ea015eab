package dev.mailward;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.mailward.TableOwnership.Relation;
import dev.mailward.TableOwnership.Use;
import jakarta.persistence.Entity;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Controller;
import org.springframework.stereotype.Repository;

/**
 * The rules of DESIGN.md §2 and the house style that Spring Modulith cannot see ({@link ModularityTests}
 * checks the modules' dependencies): what a module keeps to itself and what a controller may call.
 * Each rule is its own test method; the table-ownership rule, which reads the SQL in the code, is
 * {@link TableOwnershipTests}. See docs/ARCHITECTURE.md §4.
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
        classes()
                .that(STORES)
                .or()
                .areAnnotatedWith(Entity.class)
                .should()
                .notBePublic()
                .because("house style 3, 5, 6: another module uses a module's facade, events or views, "
                        + "never its repository or entity")
                .check(MAIN);
    }

    @Test
    void controllersNeverCallStoresOrRepositories() {
        noClasses()
                .that()
                .areMetaAnnotatedWith(Controller.class)
                .should()
                .dependOnClassesThat(STORES)
                .because("house style 9: a controller binds, validates, calls one facade method and returns "
                        + "a view or a DTO; the facade calls the store")
                .check(MAIN);
    }

    /**
     * Each module owns its tables: its SQL touches only them, or reads the views another module
     * publishes ({@code <owner>_<what>_v}, created by the owner's migrations). Ownership comes from the
     * migrations, see {@link TableOwnership}.
     */
    @Nested
    class TableOwnershipTests {

        /**
         * Classes allowed another module's table, with the reason. {@code UploadRedaction} is the body of
         * the Java migration V14: it runs inside Flyway, before the application (and its facades) and
         * before the later migrations' views exist, so it reads {@code mail_server} and writes its audit
         * entries into {@code audit_log} as of V14's schema.
         */
        static final Map<String, Set<String>> EXEMPT = Map.of("UploadRedaction", Set.of("mail_server", "audit_log"));

        final Map<String, Relation> relations = TableOwnership.relations(TableOwnership.MIGRATIONS);

        @Test
        void everySqlStatementTouchesOnlyItsModulesTablesOrViewsTheirOwnersPublish() {
            List<Use> uses = TableOwnership.uses(TableOwnership.MAIN, relations);
            assertThat(uses).as("SQL found in the main code").hasSizeGreaterThan(100);
            assertThat(uses.stream()
                            .filter(u -> TableOwnership.violates(u, relations, EXEMPT))
                            .map(Use::toString))
                    .as("SQL touching another module's tables (read its facade or a view it publishes instead)")
                    .isEmpty();
        }

        @Test
        void ownershipComesFromTheMigrations() {
            assertThat(relations.get("domain").owner()).isEqualTo("inventory");
            assertThat(relations.get("scheduled_tasks").owner()).isEqualTo("scanning");
            assertThat(relations.get("event_publication").owner()).isEqualTo("modulith");
            assertThat(relations.get("scan_run").owner()).isEqualTo("scanning");
            for (String t :
                    List.of("check_run", "check_result", "current_result", "change_event", "finding_exception")) {
                assertThat(relations.get(t).owner()).as(t).isEqualTo("results");
            }
        }

        @Test
        void viewsAreNamedForTheModuleThatPublishesThem() {
            List<Relation> views =
                    relations.values().stream().filter(Relation::view).toList();
            assertThat(views)
                    .isNotEmpty()
                    .allSatisfy(v -> assertThat(v.name())
                            .as("view of %s", v.owner())
                            .startsWith(v.owner() + "_")
                            .endsWith("_v"));
        }

        @Test
        void seesReadsAndWritesInLiteralsAndTextBlocks() {
            String java = """
                    class X {
                        // select * from domain in a comment is no SQL
                        String a = "select d.id from domain d join team t on t.id = d.team_id";
                        String b = \"""
                                update inventory_domain_v set a_label = 'x'
                                \""";
                        String c = "the domain was moved"; /* select 1 from team */
                        String e = "select 1 from inventory_domain_v";
                    }
                    """;
            List<String> literals = TableOwnership.literals(java);
            assertThat(literals).hasSize(4);
            List<Use> uses = literals.stream()
                    .flatMap(l -> TableOwnership.uses("dashboard", "dashboard/X.java", l, relations).stream())
                    .toList();
            assertThat(uses)
                    .extracting(Use::relation, Use::write)
                    .contains(
                            org.assertj.core.groups.Tuple.tuple("domain", false),
                            org.assertj.core.groups.Tuple.tuple("team", false),
                            org.assertj.core.groups.Tuple.tuple("inventory_domain_v", true),
                            org.assertj.core.groups.Tuple.tuple("inventory_domain_v", false));
            // reading another module's table, or writing through its view, breaks the rule; reading its view does not
            assertThat(uses)
                    .filteredOn(u -> TableOwnership.violates(u, relations, Map.of()))
                    .extracting(Use::relation, Use::write)
                    .containsOnly(
                            org.assertj.core.groups.Tuple.tuple("domain", false),
                            org.assertj.core.groups.Tuple.tuple("team", false),
                            org.assertj.core.groups.Tuple.tuple("inventory_domain_v", true));
        }
    }
}
