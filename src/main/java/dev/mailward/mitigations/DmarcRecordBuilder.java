package dev.mailward.mitigations;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds a validated DMARC record (RFC 9989): {@code v=DMARC1; p=...; sp=...; np=...; adkim=...; aspf=...;
 * rua=...; ruf=...; fo=...}. {@code p} directly follows {@code v} because RFC 7489 receivers require it;
 * the tags RFC 9989 removed ({@code pct}, {@code rf}, {@code ri}) are never written. Pure.
 */
public final class DmarcRecordBuilder {

    private DmarcRecordBuilder() {}

    public enum Policy {
        NONE,
        QUARANTINE,
        REJECT;

        String token() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Identifier alignment mode (RFC 9989 adkim/aspf). */
    public enum Alignment {
        RELAXED("r"),
        STRICT("s");

        private final String token;

        Alignment(String token) {
            this.token = token;
        }
    }

    /**
     * The settings.
     *
     * @param domain the domain the record is for
     * @param policy {@code p}
     * @param subdomainPolicy {@code sp}, empty to inherit {@code p}
     * @param nonExistentPolicy {@code np} (RFC 9989), empty to inherit {@code sp}
     * @param dkimAlignment {@code adkim}
     * @param spfAlignment {@code aspf}
     * @param rua aggregate report destinations ({@code mailto:} / {@code https:}; bare addresses become mailto)
     * @param ruf failure report destinations
     * @param failureOptions {@code fo}, e.g. {@code 1} or {@code d:s}, empty for the default
     */
    public record Settings(
            String domain,
            Policy policy,
            Optional<Policy> subdomainPolicy,
            Optional<Policy> nonExistentPolicy,
            Alignment dkimAlignment,
            Alignment spfAlignment,
            List<String> rua,
            List<String> ruf,
            Optional<String> failureOptions) {

        public Settings {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(subdomainPolicy, "subdomainPolicy");
            Objects.requireNonNull(nonExistentPolicy, "nonExistentPolicy");
            Objects.requireNonNull(dkimAlignment, "dkimAlignment");
            Objects.requireNonNull(spfAlignment, "spfAlignment");
            rua = List.copyOf(rua);
            ruf = List.copyOf(ruf);
            Objects.requireNonNull(failureOptions, "failureOptions");
        }

        /** Enforced policy for the domain and its subdomains, relaxed alignment, aggregate reports to {@code rua}. */
        public static Settings enforcing(String domain, List<String> rua) {
            return new Settings(
                    domain,
                    Policy.REJECT,
                    Optional.of(Policy.REJECT),
                    Optional.empty(),
                    Alignment.RELAXED,
                    Alignment.RELAXED,
                    rua,
                    List.of(),
                    Optional.empty());
        }
    }

    /**
     * The record.
     *
     * @param name the owner name {@code _dmarc.<domain>}
     * @param record the record text
     * @param notes what to check before publishing (external destinations to authorise, monitoring mode...)
     */
    public record Proposal(String name, String record, List<String> notes) {
        public Proposal {
            notes = List.copyOf(notes);
        }

        public String zoneLine() {
            return DnsText.zoneLine(name, "TXT", DnsText.txt(record));
        }

        public GeneratedFix toFix() {
            return new GeneratedFix(
                    "DMARC record for " + name.substring("_dmarc.".length()),
                    "dns",
                    zoneLine(),
                    String.join(" ", notes));
        }
    }

    /** Every problem of {@code s}, each naming the offending value; empty when it can be built. */
    public static List<String> problems(Settings s) {
        List<String> problems = new ArrayList<>();
        try {
            DnsText.name("domain", s.domain());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        for (String u : s.rua()) {
            try {
                EmailAddresses.reportUri("rua", u);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        for (String u : s.ruf()) {
            try {
                EmailAddresses.reportUri("ruf", u);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        s.failureOptions().ifPresent(fo -> {
            // RFC 9989 fo: colon-separated 0, 1, d, s
            if (!fo.matches("[01ds](:[01ds]){0,3}")) {
                problems.add("fo '" + fo + "' must be 0, 1, d or s, separated by colons");
            }
        });
        if (s.failureOptions().isPresent() && s.ruf().isEmpty()) {
            problems.add("fo is set but there is no ruf destination for failure reports");
        }
        return problems;
    }

    /** @throws IllegalArgumentException listing every problem when {@code s} is invalid */
    public static Proposal build(Settings s) {
        List<String> problems = problems(s);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        String domain = DnsText.name("domain", s.domain());
        List<String> rua = s.rua().stream()
                .map(u -> EmailAddresses.reportUri("rua", u))
                .distinct()
                .toList();
        List<String> ruf = s.ruf().stream()
                .map(u -> EmailAddresses.reportUri("ruf", u))
                .distinct()
                .toList();
        List<String> tags = new ArrayList<>();
        tags.add("v=DMARC1");
        tags.add("p=" + s.policy().token());
        s.subdomainPolicy().ifPresent(p -> tags.add("sp=" + p.token()));
        s.nonExistentPolicy().ifPresent(p -> tags.add("np=" + p.token()));
        if (s.dkimAlignment() == Alignment.STRICT) {
            tags.add("adkim=" + s.dkimAlignment().token);
        }
        if (s.spfAlignment() == Alignment.STRICT) {
            tags.add("aspf=" + s.spfAlignment().token);
        }
        if (!rua.isEmpty()) {
            tags.add("rua=" + String.join(",", rua));
        }
        if (!ruf.isEmpty()) {
            tags.add("ruf=" + String.join(",", ruf));
        }
        s.failureOptions().ifPresent(fo -> tags.add("fo=" + fo));

        List<String> notes = new ArrayList<>();
        if (s.policy() == Policy.NONE) {
            notes.add("p=none only monitors: nobody is protected until you move to quarantine and reject.");
        }
        if (s.subdomainPolicy().orElse(s.policy()) == Policy.NONE && s.policy() != Policy.NONE) {
            notes.add("sp=none leaves subdomains unprotected.");
        }
        if (rua.isEmpty()) {
            notes.add("Without rua you receive no aggregate reports and cannot see who sends as " + domain + ".");
        }
        if (rua.size() > 2) {
            notes.add("Receivers may send reports to the first two rua destinations only.");
        }
        for (String u : concat(rua, ruf)) {
            String dest = EmailAddresses.destinationDomain(u);
            if (!dest.equals(domain) && !dest.endsWith("." + domain)) {
                notes.add("External destination " + dest + " must authorise the reports with " + domain
                        + "._report._dmarc." + dest + " TXT \"v=DMARC1\".");
            }
        }
        if (!ruf.isEmpty()) {
            notes.add("Failure reports (ruf) can contain message content; many receivers send none.");
        }
        if (s.dkimAlignment() == Alignment.STRICT || s.spfAlignment() == Alignment.STRICT) {
            notes.add("Strict alignment fails mail signed or sent by a parent or sibling domain; check the"
                    + " aggregate reports first.");
        }
        return new Proposal("_dmarc." + domain, String.join("; ", tags), notes);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
