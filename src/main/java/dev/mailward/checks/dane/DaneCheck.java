package dev.mailward.checks.dane;

import static dev.mailward.checks.Status.ERROR;
import static dev.mailward.checks.Status.FAIL;
import static dev.mailward.checks.Status.NOT_APPLICABLE;
import static dev.mailward.checks.Status.PASS;
import static dev.mailward.checks.Status.WARN;

import dev.mailward.checks.Check;
import dev.mailward.checks.CheckContext;
import dev.mailward.checks.CheckResult;
import dev.mailward.checks.DomainProbes;
import dev.mailward.checks.Evidence;
import dev.mailward.checks.Finding;
import dev.mailward.checks.TargetKind;
import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsSession;
import dev.mailward.dns.DnsWords;
import dev.mailward.dns.DnssecStatus;
import dev.mailward.probe.EndpointObservation;
import dev.mailward.probe.MailDiscovery;
import dev.mailward.probe.TlsHandshake;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.Type;

/**
 * The dane check (CHECKS.md "dane"; RFC 6698, RFC 7671, RFC 7672): for every MX host, the TLSA
 * RRset at {@code _25._tcp.<mx>} with its DNSSEC status, matched against the certificate chain
 * the MX presented after STARTTLS. The chain comes from the cycle's {@link DomainProbes} prober,
 * so the MX is handshaken with once for both the TLS checks and this one. One result per MX host
 * (target: the MX host name); for a null MX or a failed MX lookup, one result for the domain.
 *
 * <p>Judgement: a lookup error is ERROR, never "absent"; BOGUS is FAIL; TLSA that is not
 * DNSSEC-secure is ignored by senders (WARN); no TLSA is WARN on a signed MX zone (DANE could be
 * deployed) and NOT_APPLICABLE on an unsigned one (the dnssec check reports that); usages 0/1 are
 * WARN (ignored for SMTP); no usable record matching is FAIL; a single usable record is WARN (no
 * rollover). The evidence holds the records to publish, computed from the live chain
 * ({@code suggestedTlsa}).
 */
public final class DaneCheck implements Check<DaneObservation> {

    private final DomainProbes probes;

    public DaneCheck(DomainProbes probes) {
        this.probes = probes;
    }

    @Override
    public String id() {
        return "dane";
    }

    @Override
    public TargetKind targetKind() {
        return TargetKind.MX_HOST;
    }

    @Override
    public List<DaneCode> codes() {
        return List.of(DaneCode.values());
    }

    @Override
    public Class<DaneObservation> observationType() {
        return DaneObservation.class;
    }

    @Override
    public DaneObservation observe(CheckContext context) {
        Instant started = Instant.now();
        DnsSession mxDns = context.newDnsSession();
        MailDiscovery.MxSet mx = MailDiscovery.mx(mxDns, context.domain());
        Duration elapsed = Duration.between(started, Instant.now());
        List<DaneObservation.Host> hosts = new ArrayList<>();
        if (mx.kind() != MailDiscovery.MxKind.NULL_MX && mx.kind() != MailDiscovery.MxKind.FAILED) {
            for (MailDiscovery.Host host : mx.hosts()) {
                hosts.add(observeHost(context, host));
            }
        }
        return new DaneObservation(context.domain(), started, elapsed, mx, Evidence.distinct(mxDns.answers()), hosts);
    }

    private DaneObservation.Host observeHost(CheckContext context, MailDiscovery.Host host) {
        Instant started = Instant.now();
        DnsSession dns = context.newDnsSession();
        DnsAnswer tlsa = dns.lookup("_25._tcp." + host.host(), Type.TLSA);
        Optional<EndpointObservation> session = Optional.empty();
        if (tlsa.dnssec() != DnssecStatus.BOGUS && !tlsa.isFailure()) {
            // the cycle's session with the MX: handshaken with once for the TLS checks and this one
            try {
                session = probes.prober()
                        .observe(DomainProbes.mxEndpoint(host, probes.mxPort()), context.options(), context.deadline());
            } catch (RuntimeException e) {
                session = Optional.empty();
            }
        }
        return new DaneObservation.Host(
                host.host(),
                started,
                Duration.between(started, Instant.now()),
                tlsa,
                Evidence.distinct(dns.answers()),
                session);
    }

    @Override
    public List<CheckResult> analyse(DaneObservation o) {
        switch (o.mx().kind()) {
            case NULL_MX -> {
                return List.of(domainResult(
                        o,
                        Finding.of(
                                DaneCode.DANE_NOT_APPLICABLE,
                                NOT_APPLICABLE,
                                o.domain() + " publishes a null MX (RFC 7505): DANE for SMTP does not apply")));
            }
            case FAILED -> {
                return List.of(domainResult(
                        o,
                        Finding.of(
                                DaneCode.DANE_TLSA_LOOKUP_FAILED,
                                ERROR,
                                "the MX lookup of " + o.domain() + " failed ("
                                        + DnsWords.reason(o.mx().mxAnswer())
                                        + "): the MX hosts' TLSA records could not be checked")));
            }
            default -> {
                // MX, NONE (implicit MX), NULL_MX_WITH_OTHERS, NXDOMAIN: judge the hosts there are
            }
        }
        if (o.hosts().isEmpty()) {
            return List.of(domainResult(
                    o,
                    Finding.of(
                            DaneCode.DANE_NOT_APPLICABLE,
                            NOT_APPLICABLE,
                            "no MX host for " + o.domain() + ": DANE for SMTP does not apply")));
        }
        List<CheckResult> results = new ArrayList<>();
        for (DaneObservation.Host host : o.hosts()) {
            results.add(analyseHost(host));
        }
        return results;
    }

    private CheckResult domainResult(DaneObservation o, Finding f) {
        return CheckResult.of(id(), o.domain(), List.of(f), Evidence.ofDns(o.mxDns()), o.started(), o.elapsed());
    }

    private CheckResult analyseHost(DaneObservation.Host host) {
        String owner = "_25._tcp." + host.host();
        DnsAnswer tlsa = host.tlsa();
        Evidence.Builder evidence = Evidence.builder();
        List<Finding> findings = new ArrayList<>();
        Optional<List<byte[]>> chain = Optional.empty();
        if (tlsa.dnssec() == DnssecStatus.BOGUS) {
            // RFC 7672 §2.2: bogus TLSA makes senders defer delivery to this MX
            findings.add(Finding.of(
                    DaneCode.DANE_TLSA_BOGUS,
                    FAIL,
                    "TLSA records at " + owner
                            + " fail DNSSEC validation (the validator's reason is in the evidence)"
                            + "; DANE senders defer mail to " + host.host()));
        } else if (tlsa.isFailure()) {
            findings.add(Finding.of(
                    DaneCode.DANE_TLSA_LOOKUP_FAILED,
                    ERROR,
                    "the TLSA lookup of " + owner + " " + DnsWords.failure(tlsa)));
        } else if (tlsa.recordsOf(TLSARecord.class).isEmpty()) {
            findings.add(
                    switch (tlsa.dnssec()) {
                        case SECURE ->
                            Finding.of(
                                    DaneCode.DANE_NOT_DEPLOYED,
                                    WARN,
                                    "no TLSA records at " + owner + " although "
                                            + host.host()
                                            + "'s zone is DNSSEC-signed: publish TLSA records (e.g. 3 1 1 + 2 1 1) "
                                            + "so that senders authenticate " + host.host());
                        case INSECURE ->
                            Finding.of(
                                    DaneCode.DANE_NOT_DEPLOYED,
                                    NOT_APPLICABLE,
                                    "no TLSA records at " + owner + "; DANE needs a DNSSEC-signed zone for "
                                            + host.host() + " first");
                        default ->
                            Finding.of(
                                    DaneCode.DANE_NOT_DEPLOYED,
                                    NOT_APPLICABLE,
                                    "no TLSA records at " + owner + " (DNSSEC status of the answer: " + tlsa.dnssec()
                                            + ")");
                    });
            chain = observedChain(host, findings, false);
        } else {
            List<Tlsa> records =
                    tlsa.recordsOf(TLSARecord.class).stream().map(Tlsa::of).toList();
            evidence.detail("tlsa", records.stream().map(Tlsa::presentation).toList());
            if (tlsa.dnssec() != DnssecStatus.SECURE) {
                // RFC 7672 §2.2: only DNSSEC-validated TLSA records may be used
                findings.add(Finding.of(
                        DaneCode.DANE_TLSA_INSECURE,
                        WARN,
                        records.size() + " TLSA records at " + owner + " are " + tlsa.dnssec()
                                + ", not DNSSEC-secure: senders ignore them"));
                chain = observedChain(host, findings, false);
            } else {
                chain = observedChain(host, findings, true);
                findings.addAll(judge(records, chain, host.host(), owner));
            }
        }
        chain.ifPresent(c -> {
            List<String> suggested = DaneMatcher.suggest(c).stream()
                    .map(t -> owner + ". IN TLSA " + t.presentation())
                    .toList();
            if (!suggested.isEmpty()) {
                evidence.detail("suggestedTlsa", suggested);
            }
        });
        evidence.dns(host.dns());
        return CheckResult.of(id(), host.host(), findings, evidence.build(), host.started(), host.elapsed());
    }

    /**
     * The pure judgement of a DNSSEC-secure TLSA RRset against the observed chain (empty when it
     * could not be observed; the reason is already a finding).
     */
    static List<Finding> judge(List<Tlsa> records, Optional<List<byte[]>> chain, String host, String owner) {
        List<Finding> findings = new ArrayList<>();
        for (Tlsa t : records) {
            t.unusableReason()
                    .ifPresent(why -> findings.add(
                            t.isPkixUsage()
                                    ? Finding.of(
                                            DaneCode.DANE_USAGE_PKIX_IGNORED,
                                            WARN,
                                            "TLSA " + t.shortText() + " at " + owner + ": " + why
                                                    + "; use usage 2 or 3")
                                    : Finding.of(
                                            DaneCode.DANE_RECORD_UNUSABLE,
                                            WARN,
                                            "TLSA " + t.shortText() + " at " + owner + " is unusable: " + why)));
        }
        List<Tlsa> usable = DaneMatcher.usable(records);
        if (usable.isEmpty()) {
            // RFC 7672 §2.2: with no usable record senders still require TLS, but authenticate nothing
            findings.add(Finding.of(
                    DaneCode.DANE_NO_USABLE_RECORDS,
                    WARN,
                    "none of the " + records.size() + " TLSA records at " + owner
                            + " is usable for SMTP: senders use unauthenticated TLS"));
        } else if (usable.size() == 1) {
            // RFC 7671 §8.1, RFC 7672 §3.1: publish current + next key, or 3 1 1 + 2 1 1
            findings.add(
                    Finding.of(
                            DaneCode.DANE_NO_ROLLOVER,
                            WARN,
                            "only one usable TLSA record ("
                                    + usable.getFirst().shortText() + ") at " + owner
                                    + ": a key or certificate change breaks "
                                    + "delivery; publish 3 1 1 for the current and the next key, or 3 1 1 together with 2 1 1"));
        }
        if (chain.isEmpty() || usable.isEmpty()) {
            return findings;
        }
        DaneMatcher.Verdict v = DaneMatcher.verify(records, chain.get());
        switch (v.outcome()) {
            case MATCH -> {
                Tlsa t = v.record().orElseThrow();
                if (t.usage() == Tlsa.DANE_TA
                        && !DaneMatcher.namesHost(chain.get().getFirst(), host)) {
                    // RFC 7672 §3.2.3: with DANE-TA the certificate must name the MX host
                    findings.add(Finding.of(
                            DaneCode.DANE_TA_NAME_MISMATCH,
                            FAIL,
                            "TLSA " + t.shortText()
                                    + " matches the CA at depth " + v.depth() + " but the certificate names "
                                    + DaneMatcher.names(chain.get().getFirst()) + ", not " + host));
                } else {
                    findings.add(Finding.of(
                            DaneCode.DANE_MATCH,
                            PASS,
                            "TLSA " + t.shortText() + " matches the "
                                    + (v.depth() == 0
                                            ? "end-entity certificate"
                                            : "CA certificate at depth " + v.depth())
                                    + " presented by " + host));
                }
            }
            case NO_MATCH ->
                findings.add(Finding.of(
                        DaneCode.DANE_NO_MATCH,
                        FAIL,
                        "none of the " + usable.size()
                                + " usable TLSA records at " + owner + " ("
                                + usable.stream().map(Tlsa::shortText).collect(Collectors.joining(", "))
                                + ") matches the " + chain.get().size()
                                + "-certificate chain presented by " + host + "; DANE senders defer mail. Publish: "
                                + DaneMatcher.suggest(chain.get()).stream()
                                        .map(Tlsa::presentation)
                                        .collect(Collectors.joining(" and "))));
            case NO_USABLE_RECORDS -> {
                // reported above
            }
        }
        return findings;
    }

    /**
     * The chain the MX presented, from the cycle's observation. {@code tlsaInForce}: the MX has
     * secure TLSA, so a missing STARTTLS stops DANE senders (RFC 7672 §2.2) and is FAIL.
     */
    private static Optional<List<byte[]>> observedChain(
            DaneObservation.Host host, List<Finding> findings, boolean tlsaInForce) {
        if (host.session().isEmpty()) {
            if (tlsaInForce) {
                findings.add(Finding.of(
                        DaneCode.DANE_CHAIN_NOT_OBSERVED,
                        ERROR,
                        "the certificate chain of " + host.host()
                                + " could not be observed: the probe could not run (see the starttls result)"));
            }
            return Optional.empty();
        }
        EndpointObservation seen = host.session().get();
        Optional<TlsHandshake> tls = seen.tls();
        if (tls.isPresent() && !tls.get().chain().isEmpty()) {
            return Optional.of(der(tls.get().chain()));
        }
        if (!tlsaInForce) {
            return Optional.empty();
        }
        if (seen.notTestable().isEmpty() && seen.greeting().isPresent() && !seen.tlsOffered()) {
            findings.add(Finding.of(
                    DaneCode.DANE_STARTTLS_MISSING,
                    FAIL,
                    host.host() + " publishes TLSA records but "
                            + "does not offer STARTTLS: DANE senders defer mail to it (RFC 7672 §2.2)"));
        } else {
            String why = seen.tlsFailure()
                    .map(f -> "TLS failed: " + f.reason())
                    .or(seen::notTestable)
                    .orElse("no certificate presented");
            findings.add(Finding.of(
                    DaneCode.DANE_CHAIN_NOT_OBSERVED,
                    ERROR,
                    "the certificate chain of " + host.host() + " could not be observed: " + why));
        }
        return Optional.empty();
    }

    private static List<byte[]> der(List<X509Certificate> chain) {
        List<byte[]> out = new ArrayList<>();
        for (X509Certificate c : chain) {
            try {
                out.add(c.getEncoded());
            } catch (CertificateEncodingException e) {
                break;
            }
        }
        return out;
    }
}
