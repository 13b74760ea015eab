package dev.mailward.reportintake;

import dev.mailward.checks.dmarc.PublicSuffixList;
import dev.mailward.reportintake.DmarcSummary.Coverage;
import dev.mailward.reportintake.DmarcSummary.Fix;
import dev.mailward.reportintake.DmarcSummary.Kind;
import dev.mailward.reportintake.DmarcSummary.Organisation;
import dev.mailward.reportintake.DmarcSummary.Reason;
import dev.mailward.reportintake.DmarcSummary.RejectVerdict;
import dev.mailward.reportintake.DmarcSummary.SourceDetail;
import dev.mailward.reportintake.DmarcSummary.State;
import dev.mailward.reportintake.TlsSummary.EnforceVerdict;
import dev.mailward.reportintake.TlsSummary.ResultTotal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules that judge sources and periods (pure: no DNS, no database). The package documentation states them
 * for administrators; the constants here are their thresholds.
 */
final class SourceAnalysis {

    /** A verdict needs at least this many reports in the period. */
    static final int MIN_REPORTS = 3;

    /** A verdict needs reports on at least this many distinct days. */
    static final int MIN_DAYS = 7;

    /** A source without an aligned pass is still legitimate with at least this share of the messages... */
    static final double LEGITIMATE_SHARE = 0.02;

    /** ...and at least this many messages, from a forward-confirmed organisation that is no forwarder. */
    static final long LEGITIMATE_MESSAGES = 10;

    /** A legitimate source blocks p=reject when more than this share of its messages fail DMARC. */
    static final double TOLERATED_FAILURE = 0.01;

    /** MTA-STS enforce needs at least this share of successful sessions. */
    static final double TLS_SUCCESS_THRESHOLD = 0.99;

    /** Result types that keep MTA-STS from enforce whenever reported: they would be delivery failures. */
    static final Set<String> BLOCKING_RESULTS = Set.of(
            "starttls-not-supported",
            "certificate-host-mismatch",
            "certificate-expired",
            "certificate-not-trusted",
            "validation-failure",
            "sts-policy-fetch-error",
            "sts-policy-invalid",
            "sts-webpki-invalid");

    /** The English (or any) text of a message code with its arguments. */
    interface Texts {
        String text(String key, List<?> args);
    }

    private final PublicSuffixList psl;
    private final List<String> forwarders;
    private final Texts texts;

    SourceAnalysis(PublicSuffixList psl, List<String> forwarders, Texts texts) {
        this.psl = psl;
        this.forwarders = forwarders.stream()
                .map(f -> f.strip().toLowerCase(Locale.ROOT))
                .filter(f -> !f.isEmpty())
                .toList();
        this.texts = texts;
    }

    /** Whether the origin is a known forwarder: a forward-confirmed PTR name in one of the forwarders' domains. */
    boolean forwarder(SourceOrigin origin) {
        if (origin == null || !origin.forwardConfirmed() || origin.ptr() == null) {
            return false;
        }
        String ptr = origin.ptr();
        return forwarders.stream().anyMatch(f -> ptr.equals(f) || ptr.endsWith("." + f));
    }

    /** Whether {@code name} is the domain, below it, or in its organisational domain (relaxed alignment). */
    boolean ours(String name, String domain) {
        if (name == null || name.isBlank()) {
            return false;
        }
        String n = name.toLowerCase(Locale.ROOT);
        String d = domain.toLowerCase(Locale.ROOT);
        if (n.equals(d) || n.endsWith("." + d)) {
            return true;
        }
        Optional<String> org = psl.registrableDomain(d);
        return org.isPresent() && org.equals(psl.registrableDomain(n));
    }

    List<SourceDetail> classify(
            String domain, List<AnalysisStore.SourceFacts> facts, Map<String, SourceOrigin> origins, long total) {
        List<SourceDetail> out = new ArrayList<>(facts.size());
        for (AnalysisStore.SourceFacts f : facts) {
            SourceOrigin origin = origins.getOrDefault(f.ip(), SourceOrigin.UNKNOWN);
            boolean forwarder = forwarder(origin);
            boolean envelopeOurs =
                    !f.envelopeFrom().isEmpty() && f.envelopeFrom().stream().allMatch(e -> ours(e, domain));
            Kind kind;
            if (f.spfAligned() == 0
                    && (forwarder || (f.dkimAligned() > 0 && !f.envelopeFrom().isEmpty() && !envelopeOurs))) {
                kind = Kind.FORWARDED;
            } else if (f.passing() >= f.messages()) {
                kind = Kind.AUTHENTICATED;
            } else if (f.passing() > 0) {
                kind = Kind.PARTIAL;
            } else {
                kind = Kind.UNAUTHENTICATED;
            }
            boolean legitimate = kind == Kind.AUTHENTICATED
                    || kind == Kind.PARTIAL
                    || (kind == Kind.UNAUTHENTICATED
                            && origin.organisation() != null
                            && origin.forwardConfirmed()
                            && f.messages() >= LEGITIMATE_MESSAGES
                            && f.messages() >= LEGITIMATE_SHARE * total);
            long failing = f.messages() - f.passing();
            List<Fix> fixes = legitimate && failing > 0 ? fixes(domain, f, origin, envelopeOurs) : List.of();
            out.add(new SourceDetail(
                    f.ip(),
                    origin,
                    f.messages(),
                    f.passing(),
                    f.messages() == 0 ? 0 : (double) f.passing() / f.messages(),
                    f.spfAligned(),
                    f.dkimAligned(),
                    f.spfPass(),
                    f.envelopeFrom(),
                    f.helo(),
                    f.dkimDomains(),
                    kind,
                    legitimate,
                    fixes));
        }
        return out;
    }

    private List<Fix> fixes(String domain, AnalysisStore.SourceFacts f, SourceOrigin origin, boolean envelopeOurs) {
        String label = origin.label() != null ? origin.label() : f.ip();
        List<Fix> out = new ArrayList<>();
        if (f.spfAligned() == 0) {
            if (envelopeOurs || f.envelopeFrom().isEmpty()) {
                String spfDomain =
                        f.envelopeFrom().isEmpty() ? domain : f.envelopeFrom().getFirst();
                String mechanism = (f.ip().indexOf(':') >= 0 ? "ip6:" : "ip4:") + f.ip();
                out.add(fix("SPF_ADD", mechanism, label, spfDomain));
            } else {
                out.add(fix("ALIGN_ENVELOPE", label, domain, String.join(", ", f.envelopeFrom())));
            }
        }
        if (f.dkimAligned() == 0) {
            List<String> others =
                    f.dkimDomains().stream().filter(d -> !ours(d, domain)).toList();
            out.add(
                    others.isEmpty()
                            ? fix("DKIM_SIGN", domain, label)
                            : fix("DKIM_ALIGN", domain, label, String.join(", ", others)));
        }
        if (out.isEmpty()) {
            out.add(fix("INTERMITTENT", label, String.valueOf(f.messages() - f.passing())));
        }
        return out;
    }

    private Fix fix(String code, String... args) {
        List<String> a = List.of(args);
        return new Fix(code, a, texts.text("reportintake.fix." + code, a));
    }

    private Reason reason(String code, Object... args) {
        List<String> a = java.util.Arrays.stream(args).map(String::valueOf).toList();
        // the text gets the numbers themselves: its plural forms ({0,choice,...}) need them
        return new Reason(code, a, texts.text("reportintake.reason." + code, List.of(args)));
    }

    /** The sources grouped by organisation (sources without one each under their own address), most first. */
    List<Organisation> organisations(List<SourceDetail> details) {
        Map<String, long[]> sums = new LinkedHashMap<>();
        Map<String, Boolean> forwarder = new LinkedHashMap<>();
        for (SourceDetail d : details) {
            String key = d.origin().organisation();
            long[] s = sums.computeIfAbsent(key, k -> new long[5]);
            s[0]++;
            s[1] += d.messages();
            s[2] += d.passing();
            s[3] += d.spfAligned();
            s[4] += d.dkimAligned();
            forwarder.merge(key, forwarder(d.origin()), Boolean::logicalOr);
        }
        return sums.entrySet().stream()
                .map(e -> {
                    long[] s = e.getValue();
                    return new Organisation(
                            e.getKey(),
                            forwarder.get(e.getKey()),
                            s[0],
                            s[1],
                            s[2],
                            s[1] == 0 ? 0 : (double) s[2] / s[1],
                            s[3],
                            s[4]);
                })
                .sorted(Comparator.comparingLong(Organisation::messages)
                        .reversed()
                        .thenComparing(Organisation::organisation, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
    }

    /** "Ready for p=reject?" for the period. */
    RejectVerdict rejectVerdict(Coverage coverage, List<SourceDetail> details, DmarcSummary.Policy policy) {
        List<Reason> reasons = new ArrayList<>();
        List<SourceDetail> blockers = details.stream()
                .filter(SourceDetail::legitimate)
                .filter(d -> d.failing() > TOLERATED_FAILURE * d.messages())
                .toList();
        long spoofed = details.stream()
                .filter(d -> d.kind() == Kind.UNAUTHENTICATED && !d.legitimate())
                .mapToLong(SourceDetail::messages)
                .sum();
        long spoofSources = details.stream()
                .filter(d -> d.kind() == Kind.UNAUTHENTICATED && !d.legitimate())
                .count();
        long forwardedFailing = details.stream()
                .filter(d -> d.kind() == Kind.FORWARDED)
                .mapToLong(SourceDetail::failing)
                .sum();
        State state;
        if (coverage.reports() < MIN_REPORTS || coverage.days() < MIN_DAYS) {
            state = State.NOT_ENOUGH_DATA;
            reasons.add(reason("fewReports", coverage.reports(), coverage.days(), MIN_REPORTS, MIN_DAYS));
        } else if (!blockers.isEmpty()) {
            state = State.NOT_READY;
            reasons.add(reason(
                    "blocking",
                    blockers.size(),
                    blockers.stream().mapToLong(SourceDetail::failing).sum()));
        } else {
            state = State.READY;
            reasons.add(reason(
                    "legitimatePass",
                    details.stream().filter(SourceDetail::legitimate).count()));
        }
        if (spoofed > 0) {
            reasons.add(reason("unauthenticated", spoofed, spoofSources));
        }
        if (forwardedFailing > 0) {
            reasons.add(reason("forwardedFailing", forwardedFailing));
        }
        if (policy != null && "reject".equalsIgnoreCase(policy.p())) {
            reasons.add(reason("alreadyReject"));
        }
        return new RejectVerdict(state, reasons, blockers);
    }

    /** Failed sessions per result type, marked blocking or not. */
    static List<ResultTotal> resultTotals(List<Map.Entry<String, Long>> totals) {
        return totals.stream()
                .map(e -> new ResultTotal(
                        e.getKey(),
                        e.getValue(),
                        BLOCKING_RESULTS.contains(e.getKey().toLowerCase(Locale.ROOT))))
                .toList();
    }

    /** "MTA-STS ready for enforce?" for the period. */
    EnforceVerdict enforceVerdict(TlsSummary tls, Coverage coverage, List<ResultTotal> totals) {
        List<Reason> reasons = new ArrayList<>();
        double rate = tls.successRate();
        String percent = String.format(Locale.ROOT, "%.2f", rate * 100);
        String threshold = String.format(Locale.ROOT, "%.0f", TLS_SUCCESS_THRESHOLD * 100);
        List<ResultTotal> blocking =
                totals.stream().filter(ResultTotal::blocking).toList();
        State state;
        if (coverage.reports() < MIN_REPORTS || coverage.days() < MIN_DAYS || tls.successful() + tls.failed() == 0) {
            state = State.NOT_ENOUGH_DATA;
            reasons.add(reason("tlsFewReports", coverage.reports(), coverage.days(), MIN_REPORTS, MIN_DAYS));
        } else if (rate < TLS_SUCCESS_THRESHOLD || !blocking.isEmpty()) {
            state = State.NOT_READY;
        } else {
            state = State.READY;
            reasons.add(reason("tlsReady", percent, threshold));
        }
        if (state != State.NOT_ENOUGH_DATA && rate < TLS_SUCCESS_THRESHOLD) {
            reasons.add(reason("tlsSuccessRate", percent, threshold));
        }
        for (ResultTotal b : blocking) {
            reasons.add(reason("tlsBlocking", b.resultType(), b.sessions()));
        }
        return new EnforceVerdict(state, rate, reasons);
    }

    /** Failures per sending organisation: addresses of one organisation together, unnamed ones alone. */
    static List<TlsSummary.OrganisationFailures> byOrganisation(
            List<AnalysisStore.SendingFailures> rows, Map<String, SourceOrigin> origins) {
        Map<List<String>, Long> sums = new LinkedHashMap<>();
        for (AnalysisStore.SendingFailures r : rows) {
            SourceOrigin o = r.sendingIp() == null ? null : origins.get(r.sendingIp());
            String org = o == null ? null : o.organisation();
            List<String> key = java.util.Arrays.asList(org, org == null ? r.sendingIp() : null, r.resultType());
            sums.merge(key, r.sessions(), Long::sum);
        }
        return sums.entrySet().stream()
                .map(e -> new TlsSummary.OrganisationFailures(
                        e.getKey().get(0), e.getKey().get(1), e.getKey().get(2), e.getValue()))
                .sorted(Comparator.comparingLong(TlsSummary.OrganisationFailures::sessions)
                        .reversed()
                        .thenComparing(
                                TlsSummary.OrganisationFailures::organisation,
                                Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
    }
}
