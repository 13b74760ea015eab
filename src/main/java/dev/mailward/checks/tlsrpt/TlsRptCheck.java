package dev.mailward.checks.tlsrpt;

import dev.mailward.checks.Check;
import dev.mailward.checks.CheckContext;
import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Evidence;
import dev.mailward.checks.Finding;
import dev.mailward.checks.FindingCode;
import dev.mailward.checks.RecordedDns;
import dev.mailward.checks.Status;
import dev.mailward.checks.TargetKind;
import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsSession;
import dev.mailward.dns.DnsWords;
import dev.mailward.probe.MailDiscovery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The {@code tls-rpt} check (RFC 8460): the {@code _smtp._tls} TXT record. When it is absent, the
 * check looks for an MTA-STS record and DNSSEC-secure DANE TLSA records on the MX hosts, because
 * without TLS-RPT their failures go unnoticed; without either (or for a null MX) it does not apply.
 * One result for the domain.
 */
public final class TlsRptCheck implements Check<TlsRptObservation> {

    @Override
    public String id() {
        return "tls-rpt";
    }

    @Override
    public TargetKind targetKind() {
        return TargetKind.DOMAIN;
    }

    @Override
    public List<? extends FindingCode> codes() {
        return List.of(TlsRptCode.values());
    }

    @Override
    public Class<TlsRptObservation> observationType() {
        return TlsRptObservation.class;
    }

    /** Asks the questions the judgement walks through, live; {@link #analyse} walks their answers. */
    @Override
    public TlsRptObservation observe(CheckContext context) {
        Instant started = Instant.now();
        DnsSession session = context.newDnsSession();
        Optional<String> failure = Optional.empty();
        try {
            observeAndJudge(context.domain(), session, Evidence.builder(), new ArrayList<>());
        } catch (RuntimeException e) {
            failure = Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return new TlsRptObservation(
                context.domain(), started, Duration.between(started, Instant.now()), session.answers(), failure);
    }

    @Override
    public List<CheckResult> analyse(TlsRptObservation o) {
        Evidence.Builder evidence = Evidence.builder();
        List<Finding> findings = new ArrayList<>();
        try {
            observeAndJudge(o.domain(), new RecordedDns(o.dns(), o.failure()), evidence, findings);
        } catch (RuntimeException e) {
            String why = e instanceof RecordedDns.Stopped
                    ? e.getMessage()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            findings.add(
                    Finding.of(TlsRptCode.TLSRPT_DNS_ERROR, Status.ERROR, "TLS-RPT check failed internally: " + why));
        }
        evidence.dns(o.dns());
        return List.of(CheckResult.of(id(), o.domain(), findings, evidence.build(), o.started(), o.elapsed()));
    }

    /** Walks the questions through {@code session} (live, or recorded) and judges the answers. */
    private void observeAndJudge(String domain, DnsSession session, Evidence.Builder evidence, List<Finding> findings) {
        String name = "_smtp._tls." + domain;
        DnsAnswer txt = session.lookup(name, Type.TXT);
        if (txt.isFailure()) {
            findings.add(Finding.of(
                    TlsRptCode.TLSRPT_DNS_ERROR, Status.ERROR, "TXT lookup of " + name + " failed: " + describe(txt)));
            return;
        }
        // RFC 8460 §3: records not starting with "v=TLSRPTv1" are ignored; more than one means none.
        List<String> records = txt.txtJoined().stream()
                .filter(t -> t.regionMatches(true, 0, "v=TLSRPT", 0, 8))
                .toList();
        evidence.detail("records", records);
        if (records.size() > 1) {
            findings.add(Finding.of(
                    TlsRptCode.TLSRPT_MULTIPLE_RECORDS,
                    Status.FAIL,
                    records.size() + " TLS-RPT records at " + name + "; RFC 8460 §3 requires exactly one"));
            return;
        }
        if (records.size() == 1) {
            switch (TlsRptRecord.parse(records.getFirst())) {
                case TlsRptRecord.Invalid inv ->
                    findings.add(Finding.of(
                            TlsRptCode.TLSRPT_RECORD_INVALID,
                            Status.FAIL,
                            "TLS-RPT record at " + name + " is invalid: " + inv.reason()));
                case TlsRptRecord.Valid v -> {
                    evidence.detail("rua", v.record().rua());
                    findings.add(Finding.of(
                            TlsRptCode.TLSRPT_VALID,
                            Status.PASS,
                            "TLS reports go to " + String.join(", ", v.record().rua())));
                }
            }
            return;
        }
        judgeAbsence(domain, session, findings);
    }

    /**
     * Absent TLS-RPT matters when MTA-STS or DANE is deployed: their failures would go unreported
     * (CHECKS.md "tls-rpt": WARN then, NOT_APPLICABLE otherwise, never PASS). DANE counts as
     * deployed only where the TLSA records are in a DNSSEC-signed zone (secure, or bogus: deployed
     * and broken): senders ignore TLSA records of an unsigned zone (RFC 7672 §2.2), so there is no
     * DANE to report on.
     */
    private void judgeAbsence(String domain, DnsSession session, List<Finding> findings) {
        List<String> deployed = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> unsignedTlsa = new ArrayList<>();
        DnsAnswer sts = session.lookup("_mta-sts." + domain, Type.TXT);
        if (sts.isFailure()) {
            unknown.add("_mta-sts." + domain + " TXT (" + describe(sts) + ")");
        } else if (sts.txtJoined().stream().anyMatch(t -> t.startsWith("v=STSv1"))) {
            deployed.add("MTA-STS");
        }
        String name = "_smtp._tls." + domain;
        DnsAnswer mx = session.lookup(domain, Type.MX);
        if (mx.isFailure()) {
            unknown.add(domain + " MX (" + describe(mx) + ")");
        } else if (isNullMx(mx)) {
            // RFC 7505: no mail is delivered to the domain, so there is no TLS to report on
            findings.add(Finding.of(
                    TlsRptCode.TLSRPT_NULL_MX,
                    Status.NOT_APPLICABLE,
                    "no TLS-RPT record at " + name + ", and none is needed: " + domain + " accepts no mail (null MX)"));
            return;
        } else {
            int n = 0;
            for (MXRecord r : mx.recordsOf(MXRecord.class)) {
                if (r.getTarget().equals(Name.root) || n++ >= MailDiscovery.MAX_HOSTS_PER_SERVICE) {
                    continue;
                }
                String tlsaName = "_25._tcp." + r.getTarget().toString(true).toLowerCase(Locale.ROOT);
                DnsAnswer tlsa = session.lookup(tlsaName, Type.TLSA);
                if (tlsa.isFailure()) {
                    unknown.add(tlsaName + " TLSA (" + describe(tlsa) + ")");
                } else if (!tlsa.records().isEmpty()) {
                    switch (tlsa.dnssec()) {
                        // BOGUS: signed but failing validation, DANE senders defer (RFC 7672 §2.2): deployed, broken
                        case SECURE, BOGUS -> deployed.add("DANE (" + tlsaName + ")");
                        case INSECURE -> unsignedTlsa.add(tlsaName + " are not DNSSEC-signed");
                        case INDETERMINATE -> unsignedTlsa.add(tlsaName + " could not be DNSSEC-validated");
                    }
                }
            }
        }
        if (!deployed.isEmpty()) {
            // RFC 8460 §1: without reports, MTA-STS/DANE delivery failures stay invisible to the domain owner.
            findings.add(Finding.of(
                    TlsRptCode.TLSRPT_MISSING,
                    Status.WARN,
                    "no TLS-RPT record at " + name + " although " + String.join(" and ", deployed)
                            + " is deployed: TLS failures go unreported"));
        } else if (!unknown.isEmpty()) {
            findings.add(Finding.of(
                    TlsRptCode.TLSRPT_DNS_ERROR,
                    Status.ERROR,
                    "no TLS-RPT record at " + name + "; whether MTA-STS or DANE is deployed could not be determined: "
                            + String.join(", ", unknown)));
        } else if (!unsignedTlsa.isEmpty()) {
            findings.add(Finding.of(
                    TlsRptCode.TLSRPT_NOT_DEPLOYED,
                    Status.NOT_APPLICABLE,
                    "no TLS-RPT record at " + name + "; it reports on MTA-STS and DANE, and neither is deployed: "
                            + "the TLSA records at " + String.join(", ", unsignedTlsa)
                            + ", so senders ignore them"));
        } else {
            findings.add(Finding.of(
                    TlsRptCode.TLSRPT_NOT_DEPLOYED,
                    Status.NOT_APPLICABLE,
                    "no TLS-RPT record at " + name + "; it reports on MTA-STS and DANE, and neither is deployed"));
        }
    }

    /** RFC 7505 §3: the only MX record is {@code 0 .}. */
    private static boolean isNullMx(DnsAnswer mx) {
        List<MXRecord> records = mx.recordsOf(MXRecord.class);
        return records.size() == 1 && records.getFirst().getTarget().equals(Name.root);
    }

    private static String describe(DnsAnswer a) {
        return DnsWords.reason(a);
    }
}
