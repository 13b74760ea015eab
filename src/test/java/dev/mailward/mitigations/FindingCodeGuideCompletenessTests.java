package dev.mailward.mitigations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckRegistry;
import dev.mailward.checks.FindingCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every finding code of every registered family has a mitigation and a {@code ### CODE} section in that
 * mitigation's guide (HOUSE_STYLE 15).
 */
class FindingCodeGuideCompletenessTests {

    /**
     * The registries whose codes must be explained. Hook: a new registry of families is added here; families
     * that are not a {@code Check} go into {@link #OTHER_FAMILIES}.
     */
    static final List<Supplier<CheckRegistry>> REGISTRIES = List.of(
            CheckRegistry::dnsChecks, () -> CheckRegistry.withProbes(dev.mailward.checks.EndpointProber.forOneCycle()));

    /** Check id to codes of families that are not a registered {@code Check}. */
    static final Map<String, List<? extends FindingCode>> OTHER_FAMILIES =
            Map.of(dev.mailward.configaudit.ConfigAudit.CHECK_ID, dev.mailward.configaudit.ConfigAudit.codes());

    static Map<String, List<? extends FindingCode>> families() {
        Map<String, List<? extends FindingCode>> all = new LinkedHashMap<>();
        REGISTRIES.forEach(r -> MitigationCatalogue.families(r.get().all()).forEach(all::putIfAbsent));
        OTHER_FAMILIES.forEach(all::putIfAbsent);
        return all;
    }

    @Test
    void everyCodeHasAMitigationAndAGuideSection() {
        MitigationCatalogue catalogue = MitigationCatalogue.loadCodes(families());
        List<String> missing = new ArrayList<>();
        for (var family : families().entrySet()) {
            String check = family.getKey();
            for (FindingCode code : family.getValue()) {
                if (code.mitigation() == null) {
                    missing.add(check + ": " + code.name() + " has no mitigation");
                    continue;
                }
                CatalogueEntry entry = catalogue.entry(code.mitigation());
                if (!entry.hasSection(code.name())) {
                    missing.add(check + ": " + code.name() + " has no '### " + code.name() + "' section in guides/"
                            + entry.id() + ".md");
                }
                if (code.title() == null || code.title().isBlank()) {
                    missing.add(check + ": " + code.name() + " has no title");
                }
            }
        }
        assertThat(families()).containsKeys("spf", "config", "dane");
        assertThat(families().values())
                .anySatisfy(
                        codes -> assertThat(codes).extracting(FindingCode::name).contains("SMTP_OPEN_RELAY"));
        assertThat(missing)
                .as("codes without a guide section:\n  " + String.join("\n  ", missing))
                .isEmpty();
    }

    @Test
    void everyRegisteredCodeIsListedUnderItsMitigation() {
        MitigationCatalogue catalogue = MitigationCatalogue.standard();
        for (var family : families().entrySet()) {
            for (FindingCode code : family.getValue()) {
                assertThat(catalogue.entry(code.mitigation()).codes()).anySatisfy(ref -> {
                    assertThat(ref.code()).isEqualTo(code.name());
                    assertThat(ref.checks()).contains(family.getKey());
                });
            }
        }
    }

    @Test
    void everyMitigationHasACompleteGuide() {
        for (CatalogueEntry e : MitigationCatalogue.standard().entries()) {
            assertThat(e.guideMarkdown())
                    .as(e.id())
                    .contains(
                            "## Why it matters",
                            "## Fix it",
                            "### Postfix",
                            "### Dovecot",
                            "### Rspamd",
                            "### DNS",
                            "## Verify",
                            "## References");
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
