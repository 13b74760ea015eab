package dev.mailward.checks.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The official Public Suffix List test vectors ({@code conformance/psl/tests.txt}, CC0) against
 * the bundled list and against the list in the conformance folder.
 */
class PublicSuffixListConformanceTests {

    static Path pslDir() {
        Path dir = Path.of(System.getProperty("mailward.conformance.dir", "../shared/conformance"), "psl");
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("tests.txt")), "conformance suite not found at " + dir);
        return dir;
    }

    @TestFactory
    Stream<DynamicTest> bundledListPassesOfficialVectors() throws IOException {
        return vectors(PublicSuffixList.bundled());
    }

    @TestFactory
    Stream<DynamicTest> conformanceCopyPassesOfficialVectors() throws IOException {
        return vectors(PublicSuffixList.load(pslDir().resolve("public_suffix_list.dat")));
    }

    @Test
    void bundledListHasTheRulesOfTheConformanceCopy() throws IOException {
        PublicSuffixList copy = PublicSuffixList.load(pslDir().resolve("public_suffix_list.dat"));
        assertThat(PublicSuffixList.bundled().ruleCount())
                .isEqualTo(copy.ruleCount())
                .isGreaterThan(10_000);
    }

    private Stream<DynamicTest> vectors(PublicSuffixList psl) throws IOException {
        List<String> lines = Files.readAllLines(pslDir().resolve("tests.txt"), StandardCharsets.UTF_8);
        assertThat(lines).isNotEmpty();
        return lines.stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("//"))
                .map(l -> l.split("\\s+"))
                .map(p -> DynamicTest.dynamicTest(p[0] + " -> " + p[1], () -> {
                    String input = p[0].equals("null") ? null : p[0];
                    String expected = p[1].equals("null") ? null : p[1];
                    assertThat(psl.registrableDomain(input).orElse(null)).isEqualTo(expected);
                }));
    }
}
