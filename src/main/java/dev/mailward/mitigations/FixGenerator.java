package dev.mailward.mitigations;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Finding;
import dev.mailward.checks.Mitigation;
import dev.mailward.checks.Status;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fixes Mailward generates for a domain from its results, each with the check whose findings
 * it answers. Pure and cheap (no catalogue, no JSON): the console's guides ({@link GuideService})
 * and the CLI's text report both use it.
 *
 * <p>Fixes are derived from evidence only: the {@code mx} result's {@code mxHosts}, the {@code spf}
 * result's {@code spfTree}, the {@code dmarc} result's record tags, and certificates (with {@code pem}) in
 * results whose target is {@code host:25}. A fix that cannot be built from what was observed is left out.
 */
public final class FixGenerator {

    private static final Logger log = LoggerFactory.getLogger(FixGenerator.class);
    private static final int MAX_TREE_NODES = 200;
    /** At most this many terms of the current SPF record are named as not carried over. */
    private static final int MAX_DROPPED = 10;
    /** Terms the SPF proposal carries over as they are: a, a:name, mx:name (no CIDR, no macro). */
    private static final Pattern HOST_TERM = Pattern.compile("a|(a|mx):[a-z0-9._-]{1,253}");

    /**
     * One generated fix.
     *
     * @param mitigation the mitigation whose guide shows it
     * @param check the check id whose findings it answers ({@code spf}, {@code dmarc}, {@code mta-sts},
     *     {@code tls-rpt}, {@code dane})
     * @param fix the fix
     */
    public record Generated(Mitigation mitigation, String check, GeneratedFix fix) {}

    private FixGenerator() {}

    /** Every fix for {@code domain}, in catalogue order; {@code now} dates the MTA-STS policy id. */
    public static List<Generated> generate(String domain, List<CheckResult> results, Instant now) {
        List<Generated> out = new ArrayList<>();
        if (results.isEmpty()) {
            return out; // nothing observed yet: nothing to build from (a guide before the first scan)
        }
        Observed o = observe(results);
        if (o.nullMx) {
            add(
                    out,
                    Mitigation.SPF_DKIM,
                    "spf",
                    () -> List.of(SpfRecordBuilder.build(new SpfRecordBuilder.Senders(
                                    domain, List.of(), List.of(), List.of(), List.of(), false))
                            .toFix()));
            add(
                    out,
                    Mitigation.LAYERED_AUTH,
                    "dmarc",
                    () -> List.of(DmarcRecordBuilder.build(DmarcRecordBuilder.Settings.enforcing(domain, o.rua))
                            .toFix()));
            return out;
        }
        if (o.mxObserved) {
            // without the MX hosts (not measured, or the lookup failed) the record would authorise no one: "-all"
            add(out, Mitigation.SPF_DKIM, "spf", () -> List.of(spfFix(domain, o)));
        }
        add(
                out,
                Mitigation.LAYERED_AUTH,
                "dmarc",
                () -> List.of(withRollOut(
                        DmarcRecordBuilder.build(DmarcRecordBuilder.Settings.enforcing(
                                        domain, o.rua.isEmpty() ? List.of("mailto:dmarc-reports@" + domain) : o.rua))
                                .toFix(),
                        domain)));
        if (!o.mxHosts.isEmpty()) {
            MtaStsPolicyBuilder.Mode mode =
                    o.stsEnforced ? MtaStsPolicyBuilder.Mode.ENFORCE : MtaStsPolicyBuilder.Mode.TESTING;
            add(
                    out,
                    Mitigation.TLS,
                    "mta-sts",
                    () -> MtaStsPolicyBuilder.build(
                                    domain, List.copyOf(o.mxHosts), mode, MtaStsPolicyBuilder.DEFAULT_MAX_AGE, now)
                            .toFixes());
        }
        add(
                out,
                Mitigation.TLS,
                "tls-rpt",
                () -> List.of(TlsRptRecordBuilder.build(domain, List.of("mailto:tlsrpt@" + domain))));
        o.chains.forEach((host, chain) ->
                add(out, Mitigation.DNSSEC_DANE, "dane", () -> List.of(TlsaGenerator.fix(host, 25, chain))));
        return out;
    }

    /** The SPF record of a sending domain from what was observed, saying what it could not carry over. */
    private static GeneratedFix spfFix(String domain, Observed o) {
        GeneratedFix fix;
        if (o.implicitMx) {
            // no MX record: an mx term would match nothing (RFC 7208 §5.4), so the domain's own addresses
            List<String> addresses = new ArrayList<>(o.spfAddresses);
            addresses.addAll(o.mxAddresses);
            fix = note(
                    SpfRecordBuilder.build(new SpfRecordBuilder.Senders(
                                    domain, List.of(), List.of(), o.includes, addresses, o.spfHostTerms, false))
                            .toFix(),
                    domain + " has no MX record, so its own addresses are"
                            + " listed: an mx term matches nothing without MX records (RFC 7208 §5.4).");
        } else {
            fix = SpfRecordBuilder.build(new SpfRecordBuilder.Senders(
                            domain,
                            List.copyOf(o.mxHosts),
                            List.copyOf(o.mxAddresses),
                            o.includes,
                            o.spfAddresses,
                            o.spfHostTerms,
                            false))
                    .toFix();
        }
        if (o.spfDropped.isEmpty()) {
            return fix;
        }
        // the proposal must not silently lose senders the current record authorises
        boolean ptr = o.spfDropped.stream()
                .anyMatch(t -> unqualified(t.toLowerCase(Locale.ROOT)).startsWith("ptr"));
        return note(
                fix,
                "Not carried over from the current record (this proposal is built from mx, a, ip4/ip6 and"
                        + " include terms only): " + String.join(" ", o.spfDropped)
                        + ". Add them back if those senders still"
                        + " send mail as " + domain
                        + (ptr
                                ? " (ptr is slow and deprecated, RFC 7208 §5.5: list those hosts' addresses instead)."
                                : "."));
    }

    /**
     * The enforcing DMARC record of a domain that sends mail, with the caution it needs: published
     * before every sender passes, it makes receivers refuse legitimate mail.
     */
    private static GeneratedFix withRollOut(GeneratedFix fix, String domain) {
        return note(
                fix,
                "p=reject makes receivers refuse mail that fails DMARC: before publishing, make sure every"
                        + " service that sends as " + domain
                        + " passes SPF or DKIM aligned with it (the aggregate reports"
                        + " list them); if unsure, publish p=none first, then p=quarantine, then p=reject.");
    }

    /** Whether the SPF proposal carries this term of the current record (lower case). */
    private static boolean carried(String term) {
        String t = unqualified(term);
        return t.equals("v=spf1") || t.equals("mx") || t.equals("all") || t.startsWith("include:");
    }

    /** An SPF term without its qualifier ({@code + - ~ ?}). */
    private static String unqualified(String term) {
        return !term.isEmpty() && "+-~?".indexOf(term.charAt(0)) >= 0 ? term.substring(1) : term;
    }

    /** {@code fix} with one more sentence in its explanation. */
    private static GeneratedFix note(GeneratedFix fix, String sentence) {
        String explanation = fix.explanation().isBlank() ? sentence : fix.explanation() + " " + sentence;
        return new GeneratedFix(fix.title(), fix.language(), fix.content(), explanation);
    }

    private static void add(List<Generated> out, Mitigation m, String check, Supplier<List<GeneratedFix>> fixes) {
        try {
            for (GeneratedFix f : fixes.get()) {
                out.add(new Generated(m, check, f));
            }
        } catch (IllegalArgumentException e) {
            // observed data that no valid record can be built from (e.g. a hostile MX name): no fix, say why in the log
            log.debug("no {} fix: {}", check, e.getMessage());
        }
    }

    private static final class Observed {
        boolean nullMx;
        /** An mx result that is not an ERROR: the MX hosts (or their absence) are known. */
        boolean mxObserved;
        /** No MX record: mail goes to the domain's own address (RFC 5321 §5.1). */
        boolean implicitMx;

        boolean stsEnforced;
        final Set<String> mxHosts = new LinkedHashSet<>();
        final Set<String> mxAddresses = new LinkedHashSet<>();
        final List<SpfRecordBuilder.Include> includes = new ArrayList<>();
        final List<String> spfAddresses = new ArrayList<>();
        /** The current SPF record's a, a:<name> and mx:<name> terms, carried over. */
        final List<String> spfHostTerms = new ArrayList<>();
        /** Terms of the current SPF record the builder does not write (exists, redirect=, ptr, ...). */
        final List<String> spfDropped = new ArrayList<>();

        final List<String> rua = new ArrayList<>();
        final Map<String, List<X509Certificate>> chains = new LinkedHashMap<>();
    }

    private static Observed observe(List<CheckResult> results) {
        Observed o = new Observed();
        for (CheckResult r : results) {
            for (Finding f : r.findings()) {
                if (f.code().equals("MX_NULL")) {
                    o.nullMx = true;
                }
                if (f.code().equals("MX_NONE_IMPLICIT")) {
                    o.implicitMx = true;
                }
                if (f.code().equals("MTASTS_MODE_ENFORCE")) {
                    o.stsEnforced = true;
                }
            }
            if (r.check().equals("mx") && r.status() != Status.ERROR) {
                o.mxObserved = true;
            }
            Map<String, Object> details = r.evidence().details();
            switch (r.check()) {
                case "mx" -> {
                    if (details.get("mxHosts") instanceof List<?> hosts) {
                        for (Object h : hosts) {
                            if (h instanceof Map<?, ?> m && m.get("host") instanceof String host && !host.equals(".")) {
                                o.mxHosts.add(host);
                                if (m.get("addresses") instanceof List<?> as) {
                                    as.forEach(a -> o.mxAddresses.add(String.valueOf(a)));
                                }
                            }
                        }
                    }
                }
                case "spf" -> {
                    if (details.get("spfTree") instanceof Map<?, ?> root) {
                        if (root.get("record") instanceof String record) {
                            for (String term : record.trim().split("\\s+")) {
                                String t = term.startsWith("+") ? term.substring(1) : term;
                                String lower = t.toLowerCase(Locale.ROOT);
                                if (lower.startsWith("ip4:") || lower.startsWith("ip6:")) {
                                    o.spfAddresses.add(t.substring(4));
                                } else if (HOST_TERM.matcher(lower).matches()) {
                                    o.spfHostTerms.add(lower);
                                } else if (!carried(lower) && o.spfDropped.size() < MAX_DROPPED) {
                                    o.spfDropped.add(term.length() > 80 ? term.substring(0, 80) + "…" : term);
                                }
                            }
                        }
                        if (root.get("children") instanceof List<?> children) {
                            for (Object c : children.subList(0, Math.min(children.size(), MAX_TREE_NODES))) {
                                if (c instanceof Map<?, ?> child
                                        && "include".equals(child.get("via"))
                                        && child.get("domain") instanceof String d) {
                                    int lookups =
                                            child.get("cumulativeLookups") instanceof Number n ? n.intValue() + 1 : 1;
                                    o.includes.add(new SpfRecordBuilder.Include(d, lookups));
                                }
                            }
                        }
                    }
                }
                case "dmarc" -> {
                    if (details.get("record") instanceof Map<?, ?> rec
                            && rec.get("tags") instanceof Map<?, ?> tags
                            && tags.get("rua") instanceof String rua) {
                        for (String u : rua.split(",")) {
                            if (!u.isBlank()) {
                                o.rua.add(u.trim().replaceAll("!.*$", ""));
                            }
                        }
                    }
                }
                default -> {}
            }
            if (r.target().endsWith(":25") && !r.evidence().certificates().isEmpty()) {
                String host = r.target().substring(0, r.target().length() - 3);
                parseChain(r.evidence().certificates()).ifPresent(chain -> o.chains.putIfAbsent(host, chain));
            }
        }
        return o;
    }

    private static Optional<List<X509Certificate>> parseChain(List<Map<String, Object>> certificates) {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Map<String, Object> c : certificates.subList(0, Math.min(10, certificates.size()))) {
                if (c.get("pem") instanceof String pem) {
                    chain.add((X509Certificate)
                            cf.generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
                }
            }
        } catch (CertificateException | ClassCastException e) {
            return Optional.empty();
        }
        return chain.isEmpty() ? Optional.empty() : Optional.of(chain);
    }
}
