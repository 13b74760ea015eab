package dev.mailward.mitigations;

import dev.mailward.checks.Mitigation;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * @param parts the guide body cut into the parts a guide page shows in its own order
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
        Set<String> guideSections,
        Parts parts) {

    public CatalogueEntry {
        Objects.requireNonNull(mitigation, "mitigation");
        Objects.requireNonNull(parts, "parts");
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

    /** The names of the level-2 sections a guide has (Markdown {@code ## Why it matters} and so on), by slug. */
    public static final Set<String> PART_NAMES =
            Set.of("why-it-matters", "fix-it", "verify", "references", "finding-codes");

    /**
     * The guide body cut at its level-2 headings, each part as safe HTML without its heading (a guide page
     * writes its own headings, in the order people fix things: fix, verify, background, codes).
     *
     * @param why "Why it matters" (with any text before the first heading)
     * @param fix "Fix it": the configuration, by server software ({@code ### Postfix} and so on)
     * @param verify "Verify": the commands that confirm a fix, written for {@link #EXAMPLE_DOMAIN}
     * @param references "References" (may be empty)
     * @param codes "Finding codes": one section per code ({@code ### CODE}, id {@code CODE})
     */
    public record Parts(String why, String fix, String verify, String references, String codes) {

        public Parts {
            Objects.requireNonNull(why, "why");
            Objects.requireNonNull(fix, "fix");
            Objects.requireNonNull(verify, "verify");
            Objects.requireNonNull(references, "references");
            Objects.requireNonNull(codes, "codes");
        }

        /**
         * The verify commands for {@code domain} (an A-label): the example domain replaced by it, in record names
         * ({@code _dmarc.example.org}) and addresses, but not in example host names ({@code mx1.example.org},
         * {@code mail.example.org}), which stand for the domain's own servers. {@code domain} must be a
         * host name (letters, digits, hyphens, dots); anything else leaves the commands as written.
         */
        public String verifyFor(String domain) {
            if (domain == null || !HOST_NAME.matcher(domain).matches()) {
                return verify;
            }
            Matcher m = EXAMPLE_NAME.matcher(verify);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String prefix = m.group(1);
                String[] labels = prefix.split("\\.");
                boolean host = !prefix.isEmpty()
                        && SERVER_LABEL.matcher(labels[labels.length - 1]).matches();
                m.appendReplacement(out, Matcher.quoteReplacement(prefix + (host ? EXAMPLE_DOMAIN : domain)));
            }
            m.appendTail(out);
            return out.toString();
        }
    }

    /** The domain the guides' commands are written for. */
    public static final String EXAMPLE_DOMAIN = "example.org";

    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?");
    private static final Pattern EXAMPLE_NAME =
            Pattern.compile("(?<![A-Za-z0-9_.-])((?:[A-Za-z0-9_-]+\\.)*)example\\.org(?![A-Za-z0-9-])");
    private static final Pattern SERVER_LABEL = Pattern.compile("(?:mx|mail|smtp|imap|pop|submission)\\d*");

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
