package dev.mailward.mitigations;

import dev.mailward.checks.Mitigation;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One mitigation of the catalogue (DESIGN.md §5) with its guide.
 *
 * @param mitigation the stable id
 * @param title a short English title
 * @param protectsAgainst what it protects against, one paragraph
 * @param measuredBy how Mailward measures it, one paragraph
 * @param weight its weight in the domain score (see {@link MitigationCatalogue} for the scale)
 * @param revised when the guide text was last reviewed (ISO date), the catalogue's version per entry
 * @param codes the finding codes that inform it, from the registered check families, in registry order
 * @param guideMarkdown the guide body (Markdown)
 * @param guideHtml the guide body rendered safely (raw HTML escaped)
 * @param guideSections the finding codes with a section ({@code #CODE}) in the guide
 */
public record CatalogueEntry(
        Mitigation mitigation,
        String title,
        String protectsAgainst,
        String measuredBy,
        int weight,
        String revised,
        List<CodeRef> codes,
        String guideMarkdown,
        String guideHtml,
        Set<String> guideSections) {

    public CatalogueEntry {
        Objects.requireNonNull(mitigation, "mitigation");
        codes = List.copyOf(codes);
        guideSections = Set.copyOf(guideSections);
    }

    public String id() {
        return mitigation.id();
    }

    /** True when the guide has a section for {@code code}. */
    public boolean hasSection(String code) {
        return guideSections.contains(code);
    }

    /**
     * A finding code that informs a mitigation.
     *
     * @param code the stable code
     * @param title its one-line title
     * @param checks the check ids that emit it
     */
    public record CodeRef(String code, String title, List<String> checks) {
        public CodeRef {
            checks = List.copyOf(checks);
        }
    }
}
