package dev.mailward.mitigations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.Check;
import dev.mailward.checks.CheckRegistry;
import dev.mailward.checks.FindingCode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every finding code of every registered family has a mitigation and a {@code ### CODE} section in that
 * mitigation's guide (HOUSE_STYLE 15).
 */
class FindingCodeGuideCompletenessTests {

    /**
     * The registries whose codes must be explained. Hook: when a family registry arrives (probe, config
     * audit), add its factory here, e.g. {@code CheckRegistry::probeChecks}.
     */
    static final List<Supplier<CheckRegistry>> REGISTRIES = List.of(CheckRegistry::dnsChecks);

    static List<Check> checks() {
        List<Check> all = new ArrayList<>();
        REGISTRIES.forEach(r -> all.addAll(r.get().all()));
        return all;
    }

    @Test
    void everyCodeHasAMitigationAndAGuideSection() {
        MitigationCatalogue catalogue = MitigationCatalogue.load(checks());
        List<String> missing = new ArrayList<>();
        for (Check check : checks()) {
            for (FindingCode code : check.codes()) {
                if (code.mitigation() == null) {
                    missing.add(check.id() + ": " + code.name() + " has no mitigation");
                    continue;
                }
                CatalogueEntry entry = catalogue.entry(code.mitigation());
                if (!entry.hasSection(code.name())) {
                    missing.add(check.id() + ": " + code.name() + " has no '### " + code.name() + "' section in guides/"
                            + entry.id() + ".md");
                }
                if (code.title() == null || code.title().isBlank()) {
                    missing.add(check.id() + ": " + code.name() + " has no title");
                }
            }
        }
        assertThat(missing).as("codes without a guide section:\n  " + String.join("\n  ", missing)).isEmpty();
    }

    @Test
    void everyRegisteredCodeIsListedUnderItsMitigation() {
        MitigationCatalogue catalogue = MitigationCatalogue.load(checks());
        for (Check check : checks()) {
            for (FindingCode code : check.codes()) {
                assertThat(catalogue.entry(code.mitigation()).codes())
                        .anySatisfy(ref -> {
                            assertThat(ref.code()).isEqualTo(code.name());
                            assertThat(ref.checks()).contains(check.id());
                        });
            }
        }
    }

    @Test
    void everyMitigationHasACompleteGuide() {
        for (CatalogueEntry e : MitigationCatalogue.standard().entries()) {
            assertThat(e.guideMarkdown()).as(e.id())
                    .contains("## Why it matters", "## Fix it", "### Postfix", "### Dovecot", "### Rspamd", "### DNS",
                            "## Verify", "## References");
            assertThat(e.guideHtml()).as(e.id()).contains("<h2 id=\"fix-it\">");
        }
    }

    @Test
    void aMissingSectionIsReported() {
        CatalogueEntry spf = MitigationCatalogue.standard().byId("spf-dkim").orElseThrow();
        assertThat(spf.hasSection("SPF_TOO_MANY_LOOKUPS")).isTrue();
        assertThat(spf.hasSection("SPF_NOT_A_CODE")).isFalse();
        assertThat(spf.guideHtml()).contains("<h3 id=\"SPF_TOO_MANY_LOOKUPS\" class=\"code-section\">");
    }
}
