package dev.mailward.checks.dmarc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The Public Suffix List (https://publicsuffix.org/list/) and its "formal algorithm": the public
 * suffix of a name is given by the matching rule with the most labels, an exception rule winning
 * and giving its rule minus the leftmost label, the implicit rule {@code *} applying when nothing
 * matches. The registrable domain (RFC 7489 §3.2 "Organizational Domain") is the public suffix
 * plus one label.
 *
 * <p>The bundled copy ({@code public_suffix_list.dat}, MPL-2.0, dated 2026-08-19) is a resource
 * that operators can replace with a fresh list through {@link #load(Path)}. Both the ICANN and the
 * PRIVATE sections are honoured, as OpenDMARC and mox do. Rules are matched in U-label and A-label
 * form, so {@code 公司.cn} and {@code xn--55qx5d.cn} give the same answer; results keep the form
 * of the input. Instances are immutable and thread-safe. Published to other modules as the named interface
 * {@code checks :: psl} (the report intake groups source addresses by their PTR name's registrable domain).
 */
@org.springframework.modulith.NamedInterface("psl")
public final class PublicSuffixList {

    /** Resource name of the bundled list. */
    public static final String BUNDLED_RESOURCE = "/dev/mailward/checks/dmarc/public_suffix_list.dat";

    /** A list longer than this is not a public suffix list. */
    static final int MAX_RULES = 200_000;

    static final int MAX_LABELS = 127;

    private static volatile PublicSuffixList bundled;

    private final Set<String> rules;
    private final int ruleCount;

    private PublicSuffixList(Set<String> rules, int ruleCount) {
        this.rules = Set.copyOf(rules);
        this.ruleCount = ruleCount;
    }

    /** The copy shipped inside Mailward (loaded once). */
    public static PublicSuffixList bundled() {
        PublicSuffixList b = bundled;
        if (b == null) {
            try (InputStream in = PublicSuffixList.class.getResourceAsStream(BUNDLED_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + BUNDLED_RESOURCE + " missing");
                }
                b = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .lines()
                        .toList());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            bundled = b;
        }
        return b;
    }

    /** Loads an operator-supplied list in the publicsuffix.org format (UTF-8). */
    public static PublicSuffixList load(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    static PublicSuffixList parse(List<String> lines) {
        Set<String> rules = new HashSet<>();
        int count = 0;
        for (String line : lines) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("//")) {
                continue;
            }
            // the rule is the first whitespace-separated token; the rest of the line is ignored
            String rule = firstToken(t).toLowerCase(Locale.ROOT);
            if (++count > MAX_RULES) {
                throw new IllegalArgumentException("public suffix list has more than " + MAX_RULES + " rules");
            }
            rules.add(rule);
            if (!isAscii(rule)) {
                // an ASCII rule is its own A-label form; converting the ~9,000 of them cost a CLI start 0.1 s
                toAscii(rule).ifPresent(rules::add);
            }
        }
        return new PublicSuffixList(rules, count);
    }

    private static String firstToken(String stripped) {
        for (int i = 0; i < stripped.length(); i++) {
            if (Character.isWhitespace(stripped.charAt(i))) {
                return stripped.substring(0, i);
            }
        }
        return stripped;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static Optional<String> toAscii(String rule) {
        String prefix = rule.startsWith("!") ? "!" : "";
        String body = rule.substring(prefix.length());
        String wildcard = body.startsWith("*.") ? "*." : "";
        body = body.substring(wildcard.length());
        try {
            return Optional.of(
                    prefix + wildcard + IDN.toASCII(body, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a rule the JDK cannot convert is still matched in its U-label form
        }
    }

    /** Number of rules read from the list. */
    public int ruleCount() {
        return ruleCount;
    }

    /**
     * The public suffix of {@code domain} (lower-cased; one trailing dot allowed), empty for names
     * that are not domain names (empty labels, a leading dot).
     */
    public Optional<String> publicSuffix(String domain) {
        return labels(domain).map(l -> join(l, l.length - suffixLabels(l)));
    }

    /**
     * The registrable domain (RFC 7489 Organizational Domain) of {@code domain}: its public suffix
     * plus one label; empty when the name is itself a public suffix or is not a domain name.
     */
    public Optional<String> registrableDomain(String domain) {
        Optional<String[]> labels = labels(domain);
        if (labels.isEmpty()) {
            return Optional.empty();
        }
        String[] l = labels.get();
        int k = suffixLabels(l);
        return l.length > k ? Optional.of(join(l, l.length - k - 1)) : Optional.empty();
    }

    /** True when {@code domain} is itself a public suffix. */
    public boolean isPublicSuffix(String domain) {
        return labels(domain).map(l -> suffixLabels(l) == l.length).orElse(false);
    }

    /** Number of labels of the public suffix of {@code l}, following the formal algorithm. */
    private int suffixLabels(String[] l) {
        int n = l.length;
        int best = 1; // the implicit rule "*"
        for (int i = 0; i < n; i++) {
            String suffix = join(l, i);
            if (rules.contains("!" + suffix)) {
                return n - i - 1; // an exception rule prevails; its leftmost label is not part of the suffix
            }
            if (rules.contains(suffix) || (i + 1 < n && rules.contains("*." + join(l, i + 1)))) {
                best = Math.max(best, n - i);
            }
        }
        return best;
    }

    private static Optional<String[]> labels(String domain) {
        if (domain == null || domain.isEmpty() || domain.startsWith(".") || domain.length() > 1024) {
            return Optional.empty();
        }
        String d = domain.toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        String[] l = d.split("\\.", -1);
        if (l.length > MAX_LABELS) {
            return Optional.empty();
        }
        for (String s : l) {
            if (s.isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(l);
    }

    private static String join(String[] l, int from) {
        return String.join(".", java.util.Arrays.asList(l).subList(from, l.length));
    }
}
