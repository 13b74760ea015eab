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
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fixes Mailward generates for a domain from its results, each with the findings it answers. Pure
 * and cheap (no catalogue, no JSON): the console's guides ({@link GuideService}) and the CLI's text
 * report both use it.
 *
 * <p>A fix answers findings that fail or warn: a check whose findings all pass (or could not be
 * determined, or were not measured) gets none, so a domain that is fine is not handed a new MTA-STS id.
 * The fixes answering a FAIL come first, then those answering a WARN. Fixes are derived from evidence
 * only, with the domain's own names and values: the {@code mx} result's {@code mxHosts}, the {@code spf}
 * result's {@code spfTree} (every include's record), the {@code dmarc} result's record tags (its own
 * {@code rua}/{@code ruf}, never an invented mailbox), certificates (with {@code pem}) of results whose
 * target is {@code host:25}, and the failing findings of each mail server ({@code host:port} targets and
 * configuration audits) for its Postfix and Dovecot settings. A fix that cannot be built from what was
 * observed is left out. A domain that neither sends nor receives mail (null MX, or no MX and SPF
 * {@code -all}) gets the parked-domain records.
 */
public final class FixGenerator {

    private static final Logger log = LoggerFactory.getLogger(FixGenerator.class);
    /** At most this many mail servers get Postfix/Dovecot settings. */
    private static final int MAX_SERVERS = 20;
    /** Certificate findings that keep a host from meeting MTA-STS's PKIX requirement (RFC 8461 §4.2). */
    private static final Set<String> NOT_PKIX_VALID = Set.of(
            "CERT_NAME_MISMATCH",
            "CERT_CHAIN_UNTRUSTED",
            "CERT_CHAIN_UNTRUSTED_INFO",
            "CERT_EXPIRED",
            "CERT_NOT_YET_VALID",
            "CERT_SELF_SIGNED");

    /**
     * One generated fix.
     *
     * @param mitigation the mitigation whose guide shows it
     * @param check the check id whose findings it answers ({@code spf}, {@code dmarc}, {@code mta-sts},
     *     {@code tls-rpt}, {@code dane}, {@code mx}, or an endpoint check such as {@code certificate})
     * @param fix the fix
     * @param answers the worst status among the findings it answers ({@code FAIL} or {@code WARN})
     * @param codes the codes of the findings it answers
     */
    public record Generated(Mitigation mitigation, String check, GeneratedFix fix, Status answers, List<String> codes) {
        public Generated {
            codes = List.copyOf(codes);
        }
    }

    /**
     * A sender the domain's DMARC aggregate reports saw send as it with an aligned DKIM pass while SPF did not
     * pass aligned: the SPF fix adds it as an {@code ip4:}/{@code ip6:} term when asked to (never by itself).
     *
     * @param ip the source address
     * @param messages its messages in the period the reports cover
     */
    public record SeenSender(String ip, long messages) {}

    private FixGenerator() {}

    /** Every fix for {@code domain}, FAIL answers first; {@code now} dates the MTA-STS policy id. */
    public static List<Generated> generate(String domain, List<CheckResult> results, Instant now) {
        return generate(domain, results, now, List.of());
    }

    /**
     * Every fix for {@code domain} as {@link #generate(String, List, Instant)}, with the SPF record also naming
     * the {@code seen} senders (at most 10, the most messages first); with senders seen, a domain whose SPF
     * passes gets the record too.
     */
    public static List<Generated> generate(
            String domain, List<CheckResult> results, Instant now, List<SeenSender> seen) {
        List<Generated> out = new ArrayList<>();
        if (results.isEmpty()) {
            return out; // nothing observed yet: nothing to build from (a guide before the first scan)
        }
        Observed o = observe(results);
        if (o.parked()) {
            parked(domain, o, out);
        } else {
            sending(domain, o, now, seen, out);
        }
        servers(o, out);
        // stable: within one status, the catalogue order above
        out.sort(Comparator.comparingInt((Generated g) -> -g.answers().severity()));
        return out;
    }

    private static void sending(String domain, Observed o, Instant now, List<SeenSender> seen, List<Generated> out) {
        List<Finding> spf = o.failing("spf");
        if ((!spf.isEmpty() || !seen.isEmpty()) && o.mxObserved) {
            // without the MX hosts (not measured, or the lookup failed) the record would authorise no one: "-all"
            add(
                    out,
                    Mitigation.SPF_DKIM,
                    "spf",
                    spf,
                    () -> List.of(SpfFixes.fix(new SpfFixes.Input(
                            domain, o.spfTree, List.copyOf(o.mxHosts), o.mxAddresses, o.implicitMx, seen))));
        }
        List<Finding> dmarc = o.failing("dmarc");
        if (!dmarc.isEmpty()) {
            add(out, Mitigation.LAYERED_AUTH, "dmarc", dmarc, () -> List.of(dmarcFix(domain, o)));
        }
        List<Finding> sts = o.failing("mta-sts");
        if (!sts.isEmpty() && !o.mxHosts.isEmpty()) {
            add(out, Mitigation.TLS, "mta-sts", sts, () -> mtaStsFixes(domain, o, now));
        }
        List<Finding> tlsRpt = o.failing("tls-rpt");
        if (!tlsRpt.isEmpty()) {
            add(out, Mitigation.TLS, "tls-rpt", tlsRpt, () -> List.of(tlsRptFix(domain, o)));
        }
        List<Finding> unsigned = o.failing("dnssec");
        o.chains.forEach((host, chain) -> {
            List<Finding> dane = o.failingFor("dane", host);
            if (dane.isEmpty() && unsigned.isEmpty()) {
                return;
            }
            List<Finding> answered = new ArrayList<>(dane);
            answered.addAll(unsigned);
            add(out, Mitigation.DNSSEC_DANE, "dane", answered, () -> {
                GeneratedFix fix = TlsaGenerator.fix(host, 25, chain);
                return List.of(
                        unsigned.isEmpty()
                                ? fix
                                : note(
                                        fix,
                                        "Prerequisite: DANE needs a DNSSEC-signed zone, and "
                                                + o.targets("dnssec")
                                                + " is not validly signed: sign the zone and publish its DS record"
                                                + " at the parent first; until then senders ignore these records."));
            });
        });
    }

    /** Null MX, or no MX and an SPF record that authorises no one: the domain neither sends nor receives. */
    private static void parked(String domain, Observed o, List<Generated> out) {
        String set = " A domain that sends and receives no mail publishes three records: v=spf1 -all, a DMARC"
                + " policy p=reject; sp=reject, and a null MX (0 .).";
        List<Finding> spf = o.failing("spf");
        if (!spf.isEmpty()) {
            add(
                    out,
                    Mitigation.SPF_DKIM,
                    "spf",
                    spf,
                    () -> List.of(new GeneratedFix(
                            "SPF record for " + domain,
                            "dns",
                            DnsText.zoneLine(DnsText.name("domain", domain), "TXT", DnsText.txt("v=spf1 -all")),
                            "No server may send mail as " + domain + "." + set)));
        }
        List<Finding> dmarc = o.failing("dmarc");
        if (!dmarc.isEmpty()) {
            add(out, Mitigation.LAYERED_AUTH, "dmarc", dmarc, () -> {
                List<String> notes = new ArrayList<>();
                List<String> rua = own(o.rua, "rua", notes);
                List<String> ruf = own(o.ruf, "ruf", notes);
                DmarcRecordBuilder.Proposal p = DmarcRecordBuilder.build(new DmarcRecordBuilder.Settings(
                        domain,
                        DmarcRecordBuilder.Policy.REJECT,
                        Optional.of(DmarcRecordBuilder.Policy.REJECT),
                        Optional.empty(),
                        DmarcRecordBuilder.Alignment.STRICT,
                        DmarcRecordBuilder.Alignment.STRICT,
                        rua,
                        ruf,
                        Optional.empty()));
                notes.add(0, "Receivers reject all mail claiming to come from " + domain + " or its subdomains.");
                if (!rua.isEmpty()) {
                    notes.add("Reports keep going to the domain's own " + String.join(", ", rua) + ".");
                }
                return List.of(new GeneratedFix(p.toFix().title(), "dns", p.zoneLine(), String.join(" ", notes) + set));
            });
        }
        List<Finding> mx = o.failing("mx");
        if (!o.nullMx && !mx.isEmpty()) {
            Mitigation m = Mitigation.fromId(mx.getFirst().mitigation());
            add(
                    out,
                    m,
                    "mx",
                    mx,
                    () -> List.of(new GeneratedFix(
                            "Null MX for " + domain,
                            "dns",
                            DnsText.zoneLine(DnsText.name("domain", domain), "MX", "0 ."),
                            "A null MX (RFC 7505) tells senders at once that " + domain
                                    + " receives no mail, instead of letting them retry for days." + set)));
        }
    }

    /** The enforcing DMARC record of a sending domain, with its own report mailboxes and the roll-out caution. */
    private static GeneratedFix dmarcFix(String domain, Observed o) {
        List<String> notes = new ArrayList<>();
        List<String> rua = own(o.rua, "rua", notes);
        List<String> ruf = own(o.ruf, "ruf", notes);
        DmarcRecordBuilder.Proposal p = DmarcRecordBuilder.build(new DmarcRecordBuilder.Settings(
                domain,
                DmarcRecordBuilder.Policy.REJECT,
                Optional.of(DmarcRecordBuilder.Policy.REJECT),
                Optional.empty(),
                DmarcRecordBuilder.Alignment.RELAXED,
                DmarcRecordBuilder.Alignment.RELAXED,
                rua,
                ruf,
                Optional.empty()));
        List<String> all = new ArrayList<>(p.notes());
        all.addAll(notes);
        if (rua.isEmpty()) {
            all.add("Mailward does not invent a mailbox: add rua=mailto:<an address you read> to see who sends as "
                    + domain + " before enforcing.");
        }
        all.add("p=reject makes receivers refuse mail that fails DMARC: before publishing, make sure every"
                + " service that sends as " + domain
                + " passes SPF or DKIM aligned with it (the aggregate reports"
                + " list them); if unsure, publish p=none first, then p=quarantine, then p=reject.");
        return new GeneratedFix(p.toFix().title(), "dns", p.zoneLine(), String.join(" ", all));
    }

    /**
     * The domain's own report destinations with their syntax repaired (spaces, a size limit {@code !10m}, a
     * missing {@code mailto:}); one that cannot be repaired is named in {@code notes} and left out.
     */
    private static List<String> own(List<String> raw, String tag, List<String> notes) {
        List<String> out = new ArrayList<>();
        List<String> unusable = new ArrayList<>();
        for (String r : raw) {
            String v = r.replaceAll("\\s+", "").replaceAll("!.*$", "");
            while (v.regionMatches(true, 0, "mailto:mailto:", 0, 14)) {
                v = v.substring(7);
            }
            if (v.isEmpty()) {
                continue;
            }
            try {
                String uri = EmailAddresses.reportUri(tag, v);
                if (!out.contains(uri)) {
                    out.add(uri);
                }
            } catch (IllegalArgumentException e) {
                unusable.add(r.length() > 80 ? r.substring(0, 80) + "…" : r);
            }
        }
        if (!unusable.isEmpty()) {
            notes.add("Left out of " + tag + " because it is no mailto: address or https: URI: "
                    + String.join(", ", unusable) + ".");
        }
        return out;
    }

    private static List<GeneratedFix> mtaStsFixes(String domain, Observed o, Instant now) {
        Map<String, String> unmet = new LinkedHashMap<>();
        List<String> notProbed = new ArrayList<>();
        for (String host : o.mxHosts) {
            String target = (host + ":25").toLowerCase(Locale.ROOT);
            if (!o.checked("starttls", target) || !o.checked("certificate", target)) {
                if (o.failingFor("starttls", target).isEmpty()) {
                    notProbed.add(host);
                    continue;
                }
            }
            List<String> why = new ArrayList<>();
            for (Finding f : o.failingFor("starttls", target)) {
                why.add("no STARTTLS (" + f.code() + ")");
            }
            List<String> cert = o.failingFor("certificate", target).stream()
                    .map(Finding::code)
                    .filter(c -> NOT_PKIX_VALID.contains(c) || c.contains("SELF_SIGNED"))
                    .toList();
            if (!cert.isEmpty()) {
                why.add("certificate not valid (" + String.join(", ", cert) + ")");
            }
            if (!why.isEmpty()) {
                unmet.put(host, String.join("; ", why));
            }
        }
        MtaStsPolicyBuilder.Mode mode =
                o.stsEnforced && unmet.isEmpty() ? MtaStsPolicyBuilder.Mode.ENFORCE : MtaStsPolicyBuilder.Mode.TESTING;
        String prerequisite;
        if (!unmet.isEmpty()) {
            List<String> list = new ArrayList<>();
            unmet.forEach((h, w) -> list.add(h + ": " + w));
            prerequisite = "Prerequisite not met: MTA-STS needs STARTTLS with a valid PKIX certificate (a public CA,"
                    + " naming the host, not expired) on every MX host first. Not met by " + String.join(", ", list)
                    + ". Fix these first (the TLS guide has their settings); with mode enforce senders would not"
                    + " deliver to them.";
        } else if (!notProbed.isEmpty()) {
            prerequisite = "Prerequisite: MTA-STS needs STARTTLS with a valid PKIX certificate on every MX host;"
                    + " Mailward has not checked STARTTLS and the certificate of " + String.join(", ", notProbed)
                    + " on port 25: check them first.";
        } else {
            prerequisite = "Prerequisite met: every MX host offers STARTTLS with a valid certificate.";
        }
        List<GeneratedFix> fixes = MtaStsPolicyBuilder.build(
                        domain, List.copyOf(o.mxHosts), mode, MtaStsPolicyBuilder.DEFAULT_MAX_AGE, now)
                .toFixes();
        return List.of(note(fixes.get(0), prerequisite), fixes.get(1));
    }

    private static GeneratedFix tlsRptFix(String domain, Observed o) {
        List<String> notes = new ArrayList<>();
        List<String> destinations = own(o.tlsRptRua, "rua", notes);
        if (destinations.isEmpty()) {
            destinations = List.of("mailto:tlsrpt@" + DnsText.name("domain", domain));
            notes.add("tlsrpt@" + domain + " is a suggested address: create that mailbox or put one you read.");
        } else {
            notes.add("Reports keep going to the domain's own " + String.join(", ", destinations) + ".");
        }
        GeneratedFix fix = TlsRptRecordBuilder.build(domain, destinations);
        return note(fix, String.join(" ", notes));
    }

    /** Postfix and Dovecot settings per mail server, for the failing findings of each. */
    private static void servers(Observed o, List<Generated> out) {
        record Key(Mitigation mitigation, ServerFixes.Software software, String host) {}
        final class Group {
            final Set<ServerFixes.Kind> kinds = EnumSet.noneOf(ServerFixes.Kind.class);
            final TreeSet<Integer> ports = new TreeSet<>();
            final TreeSet<String> codes = new TreeSet<>();
            final List<Finding> findings = new ArrayList<>();
            String check;
        }
        Map<Key, Group> groups = new LinkedHashMap<>();
        for (CheckResult r : o.results) {
            String host;
            int port = -1;
            boolean audit = r.target().startsWith("config:");
            if (audit) {
                host = r.target().substring("config:".length());
            } else {
                int colon = r.target().lastIndexOf(':');
                if (colon <= 0) {
                    continue;
                }
                host = r.target().substring(0, colon);
                try {
                    port = Integer.parseInt(r.target().substring(colon + 1));
                } catch (NumberFormatException e) {
                    continue;
                }
            }
            for (Finding f : failing(r)) {
                Optional<ServerFixes.Kind> kind = ServerFixes.kind(f);
                Optional<ServerFixes.Software> software =
                        audit ? Optional.of(ServerFixes.softwareOfConfigCode(f.code())) : ServerFixes.software(port);
                if (kind.isEmpty() || software.isEmpty()) {
                    continue;
                }
                Key key = new Key(Mitigation.fromId(f.mitigation()), software.get(), host.toLowerCase(Locale.ROOT));
                if (!groups.containsKey(key) && groups.size() >= MAX_SERVERS) {
                    continue;
                }
                Group g = groups.computeIfAbsent(key, k -> new Group());
                g.kinds.add(kind.get());
                if (port > 0) {
                    g.ports.add(port);
                }
                g.codes.add(f.code());
                g.findings.add(f);
                if (g.check == null) {
                    g.check = r.check();
                }
            }
        }
        groups.forEach((k, g) -> add(
                out,
                k.mitigation(),
                g.check,
                g.findings,
                () -> List.of(ServerFixes.fix(k.host(), k.software(), g.ports, g.kinds, g.codes))));
    }

    /** {@code fix} with one more sentence in its explanation. */
    private static GeneratedFix note(GeneratedFix fix, String sentence) {
        String explanation = fix.explanation().isBlank() ? sentence : fix.explanation() + " " + sentence;
        return new GeneratedFix(fix.title(), fix.language(), fix.content(), explanation);
    }

    private static void add(
            List<Generated> out,
            Mitigation m,
            String check,
            List<Finding> answered,
            Supplier<List<GeneratedFix>> fixes) {
        Status worst = answered.stream()
                .map(Finding::status)
                .max(Comparator.comparingInt(Status::severity))
                .orElse(Status.WARN);
        List<String> codes =
                answered.stream().map(Finding::code).distinct().sorted().toList();
        try {
            for (GeneratedFix f : fixes.get()) {
                out.add(new Generated(m, check, f, worst, codes));
            }
        } catch (IllegalArgumentException e) {
            // observed data that no valid record can be built from (e.g. a hostile MX name): no fix, say why in the log
            log.debug("no {} fix: {}", check, e.getMessage());
        }
    }

    /** The findings of {@code r} that fail or warn. */
    private static List<Finding> failing(CheckResult r) {
        return r.findings().stream()
                .filter(f -> f.status() == Status.FAIL || f.status() == Status.WARN)
                .toList();
    }

    private static final class Observed {
        final List<CheckResult> results;
        boolean nullMx;
        /** No MX record (with or without an address to fall back to). */
        boolean noMx;
        /** An mx result that is not an ERROR: the MX hosts (or their absence) are known. */
        boolean mxObserved;
        /** No MX record: mail goes to the domain's own address (RFC 5321 §5.1). */
        boolean implicitMx;

        boolean stsEnforced;
        final Set<String> mxHosts = new LinkedHashSet<>();
        final Map<String, List<String>> mxAddresses = new LinkedHashMap<>();
        Optional<Map<?, ?>> spfTree = Optional.empty();
        final List<String> rua = new ArrayList<>();
        final List<String> ruf = new ArrayList<>();
        final List<String> tlsRptRua = new ArrayList<>();
        final Map<String, List<X509Certificate>> chains = new LinkedHashMap<>();

        Observed(List<CheckResult> results) {
            this.results = results;
        }

        List<Finding> failing(String check) {
            return results.stream()
                    .filter(r -> r.check().equals(check))
                    .flatMap(r -> FixGenerator.failing(r).stream())
                    .toList();
        }

        boolean checked(String check, String target) {
            return results.stream()
                    .anyMatch(r -> r.check().equals(check) && r.target().equalsIgnoreCase(target));
        }

        List<Finding> failingFor(String check, String target) {
            return results.stream()
                    .filter(r -> r.check().equals(check) && r.target().equalsIgnoreCase(target))
                    .flatMap(r -> FixGenerator.failing(r).stream())
                    .toList();
        }

        String targets(String check) {
            return String.join(
                    ", ",
                    results.stream()
                            .filter(r -> r.check().equals(check)
                                    && !FixGenerator.failing(r).isEmpty())
                            .map(CheckResult::target)
                            .distinct()
                            .toList());
        }

        /** Sends no mail (SPF authorises no one) and receives none (null MX, or no MX). */
        boolean parked() {
            if (nullMx) {
                return true;
            }
            if (!noMx || spfTree.isEmpty() || !(spfTree.get().get("record") instanceof String record)) {
                return false;
            }
            for (String term : record.trim().toLowerCase(Locale.ROOT).split("\\s+")) {
                if (!term.equals("v=spf1") && !term.equals("-all") && !term.startsWith("exp=")) {
                    return false;
                }
            }
            return true;
        }
    }

    private static Observed observe(List<CheckResult> results) {
        Observed o = new Observed(results);
        for (CheckResult r : results) {
            for (Finding f : r.findings()) {
                switch (f.code()) {
                    case "MX_NULL" -> o.nullMx = true;
                    case "MX_NONE_IMPLICIT" -> {
                        o.implicitMx = true;
                        o.noMx = true;
                    }
                    case "MX_NONE" -> o.noMx = true;
                    case "MTASTS_MODE_ENFORCE" -> o.stsEnforced = true;
                    default -> {}
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
                                List<String> addresses = o.mxAddresses.computeIfAbsent(host, k -> new ArrayList<>());
                                if (m.get("addresses") instanceof List<?> as) {
                                    as.forEach(a -> addresses.add(String.valueOf(a)));
                                }
                            }
                        }
                    }
                }
                case "spf" -> {
                    if (details.get("spfTree") instanceof Map<?, ?> root) {
                        o.spfTree = Optional.of(root);
                    }
                }
                case "dmarc" -> {
                    if (details.get("record") instanceof Map<?, ?> rec) {
                        Map<?, ?> tags = rec.get("tags") instanceof Map<?, ?> t ? t : tags(rec.get("text"));
                        split(tags.get("rua"), o.rua);
                        split(tags.get("ruf"), o.ruf);
                    }
                }
                case "tls-rpt" -> {
                    if (details.get("records") instanceof List<?> records) {
                        for (Object text : records) {
                            split(tags(text).get("rua"), o.tlsRptRua);
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

    /** The tags of a DMARC or TLS-RPT record text ({@code k=v; k=v}), when only the text was kept. */
    private static Map<String, String> tags(Object text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text instanceof String s) {
            for (String part : s.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    out.putIfAbsent(part.substring(0, eq).strip().toLowerCase(Locale.ROOT), part.substring(eq + 1));
                }
            }
        }
        return out;
    }

    private static void split(Object value, List<String> into) {
        if (value instanceof String s) {
            for (String u : s.split(",")) {
                if (!u.isBlank() && into.size() < 10) {
                    into.add(u.strip());
                }
            }
        }
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
