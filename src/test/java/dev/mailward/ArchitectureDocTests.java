package dev.mailward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModuleDependency;
import org.springframework.modulith.core.ApplicationModuleInformation;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.DependencyType;
import org.springframework.modulith.core.NamedInterface;
import org.springframework.modulith.docs.Documenter;

/**
 * Keeps the map in the repository true: the generated module table of {@code docs/ARCHITECTURE.md}
 * (between {@value #BEGIN} and {@value #END}) is what Spring Modulith sees in the code, and the
 * module diagrams and canvases are written to {@value #DOCS_FOLDER}. Reuses
 * {@link ModularityTests#MODULES}, so that the code is analysed once per test JVM.
 */
class ArchitectureDocTests {

    static final String BEGIN = "<!-- modules:begin -->";
    static final String END = "<!-- modules:end -->";
    static final String UPDATE_PROPERTY = "mailward.docs.update";
    static final String DOCS_FOLDER = "target/spring-modulith-docs";
    private static final Path DOC = Path.of("docs", "ARCHITECTURE.md");

    @Test
    void moduleTableOfArchitectureDocMatchesTheCode() throws IOException {
        String text = Files.readString(DOC, StandardCharsets.UTF_8);
        String generated = moduleTable(ModularityTests.MODULES);
        String updated = withModuleTable(text, generated);
        if (updated.equals(text)) {
            return;
        }
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.writeString(DOC, updated, StandardCharsets.UTF_8);
            return;
        }
        fail(
                "docs/ARCHITECTURE.md's module table is out of date; run with -D" + UPDATE_PROPERTY
                        + "=true to rewrite it (./mvnw test -Dtest=ArchitectureDocTests -D" + UPDATE_PROPERTY
                        + "=true). The code gives:%n%s",
                generated);
    }

    @Test
    void writesModuleDiagramsAndCanvases() throws IOException {
        new Documenter(ModularityTests.MODULES, Documenter.Options.defaults().withOutputFolder(DOCS_FOLDER))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases()
                .writeAggregatingDocument();
        Path folder = Path.of(DOCS_FOLDER);
        for (ApplicationModule m : ModularityTests.MODULES) {
            assertThat(folder.resolve("module-" + m.getIdentifier() + ".adoc"))
                    .as("canvas of %s", m.getName())
                    .isNotEmptyFile();
            assertThat(folder.resolve("module-" + m.getIdentifier() + ".puml"))
                    .as("diagram of %s", m.getName())
                    .isNotEmptyFile();
        }
        assertThat(folder.resolve("components.puml")).isNotEmptyFile();
    }

    @Test
    void rewritesOnlyTheGeneratedSection() {
        String doc = "# Title\n\nhand-written\n" + BEGIN + "\nold table\n" + END + "\nmore hand-written\n";
        assertThat(withModuleTable(doc, "new table\n"))
                .isEqualTo("# Title\n\nhand-written\n" + BEGIN + "\nnew table\n" + END + "\nmore hand-written\n");
        assertThat(withModuleTable(withModuleTable(doc, "new table\n"), "new table\n"))
                .isEqualTo(withModuleTable(doc, "new table\n"));
    }

    @Test
    void refusesADocumentWithoutTheMarkers() {
        assertThatThrownBy(() -> withModuleTable("# Title\nno markers\n", "table\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(BEGIN)
                .hasMessageContaining(END);
        assertThatThrownBy(() -> withModuleTable(END + "\n" + BEGIN + "\n", "table\n"))
                .isInstanceOf(IllegalStateException.class);
    }

    /** {@code doc} with the text between the markers replaced by {@code table}. */
    static String withModuleTable(String doc, String table) {
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        if (begin < 0 || end < begin || doc.indexOf(BEGIN, begin + 1) >= 0 || doc.indexOf(END, end + 1) >= 0) {
            throw new IllegalStateException("docs/ARCHITECTURE.md needs exactly one " + BEGIN + " followed by one "
                    + END + " around the generated module table");
        }
        return doc.substring(0, begin + BEGIN.length()) + "\n" + table + doc.substring(end);
    }

    /**
     * The module table as the code has it: per module its name, display name, base package, the
     * dependencies its {@code package-info.java} declares ({@code allowedDependencies}), the
     * dependencies the code has (named interfaces spelt {@code module :: interface}) and the modules
     * whose events it listens to. Sorted by name, so that the text is stable.
     */
    static String moduleTable(ApplicationModules modules) {
        StringBuilder out = new StringBuilder();
        out.append("<!-- Generated by ArchitectureDocTests from ApplicationModules.of(MailwardApplication.class);"
                + " do not edit by hand: ./mvnw test -Dtest=ArchitectureDocTests -D" + UPDATE_PROPERTY
                + "=true rewrites it. -->\n\n");
        out.append("| module | display name | base package | declared `allowedDependencies` | actual dependencies"
                + " | listens to events of |\n");
        out.append("| --- | --- | --- | --- | --- | --- |\n");
        List<ApplicationModule> sorted = modules.stream()
                .sorted(Comparator.comparing(ApplicationModule::getName))
                .toList();
        for (ApplicationModule m : sorted) {
            List<String> declared = m.getAllowedDependencies(modules).stream()
                    .map(a -> name(a.getTargetModule().getName(), a.getTargetNamedInterface()))
                    .toList();
            Set<String> actual = m.getDirectDependencies(modules).stream()
                    .map(d -> actualName(d))
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> listened = m.getDirectDependencies(modules, DependencyType.EVENT_LISTENER)
                    .uniqueModules()
                    .map(ApplicationModule::getName)
                    .collect(Collectors.toCollection(TreeSet::new));
            out.append("| `")
                    .append(m.getName())
                    .append("` | ")
                    .append(m.getDisplayName())
                    .append(" | `")
                    .append(m.getBasePackage().getName())
                    .append("` | ")
                    .append(declared.isEmpty() ? declaredNothing(m) : codes(declared.stream()))
                    .append(" | ")
                    .append(actual.isEmpty() ? "–" : codes(actual.stream()))
                    .append(" | ")
                    .append(listened.isEmpty() ? "–" : codes(listened.stream()))
                    .append(" |\n");
        }
        return out.toString();
    }

    /** An empty {@code allowedDependencies} means "no other module"; none at all means "any module". */
    private static String declaredNothing(ApplicationModule m) {
        List<String> raw = ApplicationModuleInformation.of(m.getBasePackage()).getDeclaredDependencies();
        return raw.contains(org.springframework.modulith.ApplicationModule.OPEN_TOKEN)
                ? "**none declared**"
                : "none: no other module";
    }

    private static String actualName(ApplicationModuleDependency d) {
        ApplicationModule target = d.getTargetModule();
        return target.getNamedInterfaces()
                .getNamedInterfacesContaining(d.getTargetType())
                .filter(NamedInterface::isNamed)
                .findFirst()
                .map(ni -> name(target.getName(), ni))
                .orElse(target.getName());
    }

    private static String name(String module, NamedInterface ni) {
        return ni.isUnnamed() ? module : module + " :: " + ni.getName();
    }

    private static String codes(Stream<String> names) {
        return names.map(n -> "`" + n + "`").collect(Collectors.joining(", "));
    }
}
