package dev.mailward.checks.dnssec;

import static dev.mailward.checks.Status.ERROR;
import static dev.mailward.checks.Status.FAIL;
import static dev.mailward.checks.Status.PASS;
import static dev.mailward.checks.Status.WARN;

import dev.mailward.checks.Check;
import dev.mailward.checks.CheckContext;
import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Evidence;
import dev.mailward.checks.Finding;
import dev.mailward.checks.TargetKind;
import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsOutcome;
import dev.mailward.dns.DnsSession;
import dev.mailward.dns.DnsWords;
import dev.mailward.dns.DnssecStatus;
import dev.mailward.probe.MailDiscovery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Type;

/**
 * The dnssec check (CHECKS.md "dnssec"): the DNSSEC status of the domain's zone and of each MX
 * host's zone. SECURE passes; INSECURE fails the dnssec-dane mitigation (DNSSEC is the
 * precondition of DANE, RFC 7672 §2.2); BOGUS fails and says why; a resolver error is ERROR.
 * One result for the domain and one per MX host. The domain result of a SECURE zone keeps, as evidence
 * only ({@code rrsigExpires}), when the earliest signature of its SOA expires, which the notifications warn of.
 */
public final class DnssecCheck implements Check<DnssecObservation> {

    @Override
    public String id() {
        return "dnssec";
    }

    @Override
    public TargetKind targetKind() {
        return TargetKind.DOMAIN;
    }

    @Override
    public List<DnssecCode> codes() {
        return List.of(DnssecCode.values());
    }

    @Override
    public Class<DnssecObservation> observationType() {
        return DnssecObservation.class;
    }

    @Override
    public DnssecObservation observe(CheckContext context) {
        Instant start = Instant.now();
        // SOA answers (or its authenticated denial when the name is not a zone apex) carry the zone's status.
        DnsSession session = context.newDnsSession();
        DnsAnswer soa = session.lookup(context.domain(), Type.SOA);
        List<DnsAnswer> diagnosis =
                soa.dnssec() == DnssecStatus.BOGUS ? diagnose(session, context.domain()) : List.of();
        // one more question for a signed apex: the SOA's signatures, for when they expire
        List<DnsAnswer> signatures = soa.dnssec() == DnssecStatus.SECURE && soa.outcome() == DnsOutcome.OK
                ? List.of(session.lookupUnvalidated(context.domain(), Type.SOA))
                : List.of();
        Duration elapsed = Duration.between(start, Instant.now());
        Instant mxStart = Instant.now();
        MailDiscovery.MxSet mx = MailDiscovery.mx(context.newDnsSession(), context.domain());
        return new DnssecObservation(
                context.domain(),
                start,
                elapsed,
                soa,
                mxStart,
                Duration.between(mxStart, Instant.now()),
                mx,
                diagnosis,
                signatures);
    }

    /** Zones above the domain the diagnosis looks at for the one that signs it. */
    static final int MAX_DIAGNOSIS_LEVELS = 4;

    /**
     * What tells why the domain's answer is BOGUS: the DNSKEY served with checking disabled at the
     * domain and up (at most {@link #MAX_DIAGNOSIS_LEVELS} names) until one has keys, then that
     * zone's DS at the parent and its SOA with checking disabled (with their signatures).
     */
    private static List<DnsAnswer> diagnose(DnsSession session, String domain) {
        List<DnsAnswer> out = new ArrayList<>();
        String name = domain;
        for (int level = 0; level < MAX_DIAGNOSIS_LEVELS && name.contains("."); level++) {
            DnsAnswer keys = session.lookupUnvalidated(name, Type.DNSKEY);
            out.add(keys);
            if (keys.outcome() == DnsOutcome.OK) {
                out.add(session.lookup(name, Type.DS));
                out.add(session.lookupUnvalidated(name, Type.SOA));
                break;
            }
            if (keys.isFailure()) {
                break;
            }
            name = name.substring(name.indexOf('.') + 1);
        }
        return out;
    }

    @Override
    public List<CheckResult> analyse(DnssecObservation o) {
        List<CheckResult> results = new ArrayList<>();
        results.add(domainResult(o));
        Map<String, DnsAnswer> bases = new LinkedHashMap<>();
        for (MailDiscovery.Host h : o.mx().hosts()) {
            if (h.host().equals(o.domain()) || h.ipLiteral()) {
                continue;
            }
            // The A answer (or its denial) tells the MX host zone's status; AAAA when A failed.
            bases.put(
                    h.host(),
                    h.ipv4()
                            .filter(a -> !a.isFailure())
                            .or(() -> h.ipv6().filter(a -> !a.isFailure()))
                            .orElseGet(() -> h.ipv4().orElseThrow()));
        }
        List<String> fine = bases.entrySet().stream()
                .filter(e -> e.getValue().dnssec() != DnssecStatus.BOGUS)
                .map(Map.Entry::getKey)
                .toList();
        for (Map.Entry<String, DnsAnswer> e : bases.entrySet()) {
            String host = e.getKey();
            DnsAnswer basis = e.getValue();
            Finding f = basis.dnssec() != DnssecStatus.BOGUS
                    ? judge("MX host " + host, basis)
                    : bogusMxHost(o.domain(), host, others(o, host, fine));
            results.add(CheckResult.of(
                    id(),
                    host,
                    List.of(f),
                    Evidence.builder().dns(List.of(basis)).build(),
                    o.mxStarted(),
                    o.mxElapsed()));
        }
        return results;
    }

    /** The MX hosts other than {@code host} that mail can still take: the fine ones and those not judged here. */
    private static List<String> others(DnssecObservation o, String host, List<String> fine) {
        List<String> out = new ArrayList<>(fine);
        o.mx().hosts().stream()
                .map(MailDiscovery.Host::host)
                .filter(h -> !h.equals(host) && !out.contains(h))
                .filter(h -> h.equals(o.domain())
                        || o.mx().hosts().stream().anyMatch(x -> x.host().equals(h) && x.ipLiteral()))
                .forEach(out::add);
        return out;
    }

    /**
     * An MX host whose zone fails DNSSEC validation: its name does not resolve through a validating
     * resolver, so validating senders cannot deliver to it. When every MX host is so (no
     * {@code others}), mail to the domain is not delivered ({@code FAIL}, the headline); otherwise it
     * goes through the others and this host is a {@code WARN}.
     */
    static Finding bogusMxHost(String domain, String host, List<String> others) {
        String fix = " Fix: re-sign the zone of " + host + " or publish a DS at its parent that matches its"
                + " current key (the validator's reason is in the evidence).";
        if (others.isEmpty()) {
            return Finding.of(
                    DnssecCode.DNSSEC_BOGUS,
                    FAIL,
                    "Mail to " + domain + " via " + host + " is not delivered: the DNSSEC chain of " + host
                            + " is broken, so validating resolvers cannot resolve its address and validating"
                            + " senders cannot reach it, and " + domain + " has no other MX host." + fix);
        }
        return Finding.of(
                DnssecCode.DNSSEC_BOGUS,
                WARN,
                "The DNSSEC chain of MX host " + host + " is broken: validating resolvers cannot resolve its"
                        + " address, so validating senders deliver mail to " + domain + " only through "
                        + String.join(", ", others) + "." + fix);
    }

    private CheckResult domainResult(DnssecObservation o) {
        if (o.soa().dnssec() != DnssecStatus.BOGUS) {
            Evidence.Builder evidence = Evidence.builder().dns(List.of(o.soa()));
            earliestSignatureExpiry(o.signatures()).ifPresent(t -> evidence.detail("rrsigExpires", t.toString()));
            return CheckResult.of(
                    id(),
                    o.domain(),
                    List.of(judge("zone of " + o.domain(), o.soa())),
                    evidence.build(),
                    o.started(),
                    o.elapsed());
        }
        DnssecDiagnosis d = DnssecDiagnosis.of(o.domain(), o.diagnosis(), o.started());
        List<DnsAnswer> answers = new ArrayList<>();
        answers.add(o.soa());
        answers.addAll(o.diagnosis());
        return CheckResult.of(
                id(),
                o.domain(),
                List.of(Finding.of(DnssecCode.DNSSEC_BOGUS, FAIL, d.message(o.domain()))),
                Evidence.builder()
                        .dns(answers)
                        .detail("dnssecFailure", d.evidence(o.soa().dnssecReason()))
                        .build(),
                o.started(),
                o.elapsed());
    }

    /**
     * The earliest expiration of the RRSIGs among the answers (the signatures of the zone's SOA): kept as
     * evidence only, not in the DNS data the change detection hashes, as a re-signed zone is no change.
     */
    static Optional<Instant> earliestSignatureExpiry(List<DnsAnswer> answers) {
        return answers.stream()
                .flatMap(a -> a.recordsOf(RRSIGRecord.class).stream())
                .map(RRSIGRecord::getExpire)
                .min(Comparator.naturalOrder());
    }

    static Finding judge(String what, DnsAnswer answer) {
        return switch (answer.dnssec()) {
            case SECURE ->
                Finding.of(DnssecCode.DNSSEC_SECURE, PASS, what + " is DNSSEC-signed and validates (SECURE)");
            case BOGUS ->
                Finding.of(
                        DnssecCode.DNSSEC_BOGUS,
                        FAIL,
                        what + " fails DNSSEC validation: validating resolvers return SERVFAIL for it, so validating"
                                + " senders cannot reach it and mail through it is not delivered. Fix: re-sign its"
                                + " zone or publish a DS at the parent that matches its current key (the validator's"
                                + " reason is in the evidence).");
            case INSECURE ->
                answer.isFailure()
                        ? lookupFailed(what, answer)
                        : Finding.of(
                                DnssecCode.DNSSEC_INSECURE,
                                FAIL,
                                what + " is not DNSSEC-signed (INSECURE): DANE and validated answers are impossible");
            case INDETERMINATE ->
                answer.isFailure()
                        ? lookupFailed(what, answer)
                        : Finding.of(
                                DnssecCode.DNSSEC_INDETERMINATE,
                                ERROR,
                                "the DNSSEC status of " + what
                                        + " could not be determined (the validator's reason is in the evidence)");
        };
    }

    private static Finding lookupFailed(String what, DnsAnswer answer) {
        return Finding.of(
                DnssecCode.DNSSEC_LOOKUP_FAILED,
                ERROR,
                "the DNSSEC status of " + what + " could not be determined: the lookup of " + answer.name() + " "
                        + answer.type() + " " + DnsWords.failure(answer));
    }
}
