package dev.mailward.mitigations;

import static dev.mailward.mitigations.RecordBuildersTests.NOW;
import static dev.mailward.mitigations.RecordBuildersTests.fail;
import static dev.mailward.mitigations.RecordBuildersTests.missingDmarc;
import static dev.mailward.mitigations.RecordBuildersTests.warn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Evidence;
import dev.mailward.checks.Finding;
import dev.mailward.checks.FindingCode;
import dev.mailward.checks.Mitigation;
import dev.mailward.checks.SpfVerification;
import dev.mailward.checks.Status;
import dev.mailward.checks.dane.DaneCode;
import dev.mailward.checks.dmarc.DmarcCode;
import dev.mailward.checks.dnssec.DnssecCode;
import dev.mailward.checks.mailbox.MailboxCode;
import dev.mailward.checks.mtasts.MtaStsCode;
import dev.mailward.checks.mx.MxCode;
import dev.mailward.checks.smtp.SmtpCode;
import dev.mailward.checks.spf.SpfCode;
import dev.mailward.checks.tls.TlsCode;
import dev.mailward.checks.tlsrpt.TlsRptCode;
import dev.mailward.testnet.TestPki;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fixes generated from a domain's results: what fails first, the domain's own names and values. */
class GeneratedFixesTests {

    @Test
    void aDomainWhoseMitigationsPassGetsNoGeneratedFix() throws CertificateEncodingException {
        // before, every domain got a new MTA-STS policy id, a TLS-RPT record and a DMARC record it already had
        List<CheckResult> results = List.of(
                mx("mx1.example.org", "192.0.2.25"),
                result("spf", "example.org", pass(SpfCode.SPF_LOOKUPS_OK), spfTree("v=spf1 mx -all")),
                result("dmarc", "example.org", pass(DmarcCode.DMARC_POLICY_REJECT), Map.of()),
                result("mta-sts", "example.org", pass(MtaStsCode.MTASTS_MODE_ENFORCE), Map.of()),
                result("tls-rpt", "example.org", pass(TlsRptCode.TLSRPT_VALID), Map.of()),
                result("dane", "mx1.example.org", pass(DaneCode.DANE_MATCH), Map.of()),
                withChain(result("starttls", "mx1.example.org:25", pass(SmtpCode.SMTP_STARTTLS_OK), Map.of())),
                result("certificate", "mx1.example.org:25", pass(TlsCode.CERT_CHAIN_OK), Map.of()),
                result("vrfy", "mx1.example.org:25", pass(SmtpCode.SMTP_VRFY_DISABLED), Map.of()));
        assertThat(FixGenerator.generate("example.org", results, NOW)).isEmpty();
    }

    @Test
    void dmarcFixKeepsTheDomainsOwnMailboxesRepairingTheirSyntaxAndInventsNone() {
        var dmarc = result(
                "dmarc",
                "example.org",
                fail(DmarcCode.DMARC_INVALID_VALUE),
                Map.of(
                        "record",
                        Map.of(
                                "text",
                                "v=DMARC1; p=none; rua=dmarc@example.org, mailto:agg@reports.example.net!10m",
                                "tags",
                                Map.of(
                                        "rua", "dmarc@example.org, mailto:agg@reports.example.net!10m",
                                        "ruf", "mailto: forensic@example.org,mailto:not an address"))));
        GeneratedFix fix = only(
                FixGenerator.generate("example.org", List.of(mx("mx1.example.org", "192.0.2.25"), dmarc), NOW),
                "dmarc");
        assertThat(fix.content())
                .isEqualTo("_dmarc.example.org. 3600 IN TXT \"v=DMARC1; p=reject; sp=reject;"
                        + " rua=mailto:dmarc@example.org,mailto:agg@reports.example.net;"
                        + " ruf=mailto:forensic@example.org\"");
        assertThat(fix.explanation()).contains("Left out of ruf", "mailto:not an address");

        // no reporting address of its own: none is made up
        GeneratedFix bare = only(
                FixGenerator.generate("example.org", List.of(mx("mx1.example.org", "192.0.2.25"), missingDmarc()), NOW),
                "dmarc");
        assertThat(bare.content()).isEqualTo("_dmarc.example.org. 3600 IN TXT \"v=DMARC1; p=reject; sp=reject\"");
        assertThat(bare.explanation()).contains("does not invent a mailbox");
    }

    @Test
    void aDomainThatNeitherSendsNorReceivesGetsTheParkedDomainRecords() {
        // no MX and "v=spf1 -all": parked; the SPF record is right already, DMARC is missing, the null MX too
        var noMx = result("mx", "parked.example", warn(MxCode.MX_NONE), Map.of());
        var spf = result("spf", "parked.example", pass(SpfCode.SPF_LOOKUPS_OK), spfTree("v=spf1 -all"));
        var dmarc = CheckResult.of(
                "dmarc",
                "parked.example",
                List.of(fail(DmarcCode.DMARC_MISSING)),
                Evidence.empty(),
                NOW,
                Duration.ZERO);
        List<FixGenerator.Generated> fixes = FixGenerator.generate("parked.example", List.of(noMx, spf, dmarc), NOW);
        assertThat(fixes).extracting(FixGenerator.Generated::check).containsExactly("dmarc", "mx");
        assertThat(only(fixes, "dmarc").content())
                .isEqualTo("_dmarc.parked.example. 3600 IN TXT \"v=DMARC1; p=reject; sp=reject; adkim=s; aspf=s\"");
        assertThat(only(fixes, "mx").content()).isEqualTo("parked.example. 3600 IN MX 0 .");

        // a null MX domain without SPF: v=spf1 -all; its existing report mailbox is kept, no other is added
        var nullMx = result("mx", "parked.example", pass(MxCode.MX_NULL), Map.of());
        var noSpf = result("spf", "parked.example", fail(SpfCode.SPF_NO_RECORD), Map.of());
        var weakDmarc = result(
                "dmarc",
                "parked.example",
                warn(DmarcCode.DMARC_NON_SENDING_NOT_REJECT),
                Map.of("record", Map.of("tags", Map.of("p", "none", "rua", "mailto:dmarc@parked.example"))));
        List<FixGenerator.Generated> nullMxFixes =
                FixGenerator.generate("parked.example", List.of(nullMx, noSpf, weakDmarc), NOW);
        assertThat(only(nullMxFixes, "spf").content()).isEqualTo("parked.example. 3600 IN TXT \"v=spf1 -all\"");
        assertThat(only(nullMxFixes, "dmarc").content())
                .isEqualTo("_dmarc.parked.example. 3600 IN TXT"
                        + " \"v=DMARC1; p=reject; sp=reject; adkim=s; aspf=s; rua=mailto:dmarc@parked.example\"");
        assertThat(nullMxFixes).extracting(FixGenerator.Generated::check).doesNotContain("mta-sts", "tls-rpt", "mx");
    }

    @Test
    void serverSettingsNameTheHostAndAnswerEveryFailingFindingFailFirst() {
        String smtp = "mx1.example.org:25";
        List<CheckResult> results = List.of(
                mx("mx1.example.org", "192.0.2.25"),
                result("certificate", smtp, fail(TlsCode.CERT_CHAIN_UNTRUSTED), Map.of()),
                result("tls-versions", smtp, warn(TlsCode.TLS_LEGACY_VERSION_ACCEPTED), Map.of()),
                result("tls-ciphers", smtp, warn(TlsCode.TLS_CIPHER_PHASE_OUT), Map.of()),
                result("starttls", "mx1.example.org:587", fail(SmtpCode.SMTP_STARTTLS_MISSING), Map.of()),
                result("auth-before-tls", "mx1.example.org:587", fail(SmtpCode.SUBMISSION_AUTH_BEFORE_TLS), Map.of()),
                result("vrfy", smtp, warn(SmtpCode.SMTP_VRFY_ENABLED), Map.of()),
                result("open-relay", smtp, fail(SmtpCode.SMTP_OPEN_RELAY), Map.of()),
                result(
                        "auth-before-tls",
                        "mx1.example.org:143",
                        fail(MailboxCode.IMAP_LOGIN_ALLOWED_IN_CLEAR),
                        Map.of()),
                result("certificate", "mx1.example.org:993", warn(TlsCode.CERT_EXPIRES_SOON), Map.of()));
        List<FixGenerator.Generated> fixes = FixGenerator.generate("example.org", results, NOW);
        String all =
                String.join("\n", fixes.stream().map(g -> g.fix().content()).toList());
        assertThat(all)
                .contains(
                        "smtpd_tls_chain_files = /etc/ssl/private/mx1.example.org.key,"
                                + " /etc/ssl/certs/mx1.example.org.fullchain.pem",
                        "smtpd_tls_protocols = >=TLSv1.2",
                        "smtpd_tls_mandatory_protocols = >=TLSv1.2",
                        "smtpd_tls_security_level = may",
                        "smtpd_tls_security_level=encrypt",
                        "smtpd_tls_auth_only = yes",
                        "disable_vrfy_command = yes",
                        "smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated,"
                                + " reject_unauth_destination",
                        "ssl_cert = </etc/ssl/certs/mx1.example.org.fullchain.pem",
                        "ssl_key = </etc/ssl/private/mx1.example.org.key",
                        "auth_allow_cleartext = no");
        // every fix answers what fails or warns, FAIL first; each lands in the guide of its findings' mitigation
        assertThat(fixes)
                .extracting(FixGenerator.Generated::answers)
                .isSortedAccordingTo((a, b) -> b.severity() - a.severity());
        assertThat(fixes)
                .filteredOn(g -> g.fix().content().contains("smtpd_relay_restrictions"))
                .singleElement()
                .satisfies(g -> {
                    assertThat(g.mitigation()).isEqualTo(Mitigation.NO_OPEN_RELAY);
                    assertThat(g.answers()).isEqualTo(Status.FAIL);
                    assertThat(g.codes()).containsExactly("SMTP_OPEN_RELAY");
                });
        assertThat(fixes)
                .filteredOn(g -> g.fix().content().contains("smtpd_tls_chain_files"))
                .singleElement()
                .satisfies(g -> assertThat(g.fix().explanation()).contains("full chain", "mx1.example.org"));
    }

    @Test
    void mtaStsFixStatesItsPrerequisiteAndNamesTheMxHostsThatDoNotMeetIt() {
        var mx = result(
                "mx",
                "example.org",
                pass(MxCode.MX_OK),
                Map.of(
                        "mxHosts",
                        List.of(
                                Map.of("host", "mx1.example.org", "addresses", List.of("192.0.2.25")),
                                Map.of("host", "mx2.example.org", "addresses", List.of("192.0.2.26")))));
        List<CheckResult> results = List.of(
                mx,
                result("mta-sts", "example.org", warn(MtaStsCode.MTASTS_NOT_DEPLOYED), Map.of()),
                result("starttls", "mx1.example.org:25", pass(SmtpCode.SMTP_STARTTLS_OK), Map.of()),
                result("certificate", "mx1.example.org:25", pass(TlsCode.CERT_CHAIN_OK), Map.of()),
                result("starttls", "mx2.example.org:25", fail(SmtpCode.SMTP_STARTTLS_MISSING), Map.of()));
        List<FixGenerator.Generated> fixes = FixGenerator.generate("example.org", results, NOW);
        GeneratedFix policy = fixes.stream()
                .filter(g -> g.check().equals("mta-sts"))
                .findFirst()
                .orElseThrow()
                .fix();
        assertThat(policy.content()).contains("mode: testing", "mx: mx1.example.org", "mx: mx2.example.org");
        assertThat(policy.explanation())
                .contains("MTA-STS needs STARTTLS with a valid PKIX certificate")
                .contains("Not met by mx2.example.org: no STARTTLS")
                .doesNotContain("mx1.example.org: ");
    }

    @Test
    void tlsaRecordsForAnUnsignedZoneSayThatDaneNeedsASignedZoneFirst() throws CertificateEncodingException {
        List<CheckResult> results = List.of(
                mx("mx1.example.org", "192.0.2.25"),
                result("dnssec", "example.org", fail(DnssecCode.DNSSEC_INSECURE), Map.of()),
                withChain(result("starttls", "mx1.example.org:25", pass(SmtpCode.SMTP_STARTTLS_OK), Map.of())));
        GeneratedFix tlsa = only(FixGenerator.generate("example.org", results, NOW), "dane");
        assertThat(tlsa.content()).startsWith("_25._tcp.mx1.example.org. 3600 IN TLSA 3 1 1 ");
        assertThat(tlsa.explanation())
                .contains("DANE needs a DNSSEC-signed zone, and example.org is not validly signed");
    }

    @Test
    void twoSpfRecordsAreMergedIntoOneCarryingEverySenderOfBoth() {
        String provider = "v=spf1 ip4:203.0.113.0/28 -all";
        var spf = result(
                "spf",
                "example.org",
                fail(SpfCode.SPF_MULTIPLE_RECORDS),
                Map.of(
                        "spfTree",
                        Map.of(
                                "domain",
                                "example.org",
                                "via",
                                "root",
                                "records",
                                List.of(
                                        "v=spf1 ip4:192.0.2.10 include:_spf.provider.example -all",
                                        "v=spf1 mx ip6:2001:db8:5::/48 ip4:198.51.100.0/24 ~all"))));
        GeneratedFix fix = only(
                FixGenerator.generate("example.org", List.of(mx("mx1.example.org", "192.0.2.25"), spf), NOW), "spf");
        String record = fix.content()
                .substring(fix.content().indexOf('"') + 1, fix.content().lastIndexOf('"'));
        assertThat(record)
                .isEqualTo("v=spf1 ip4:192.0.2.10 ip6:2001:db8:5::/48 ip4:198.51.100.0/24 mx"
                        + " include:_spf.provider.example -all");
        assertThat(fix.explanation()).contains("publishes 2 SPF records", "carries the senders of all of them");
        // evaluated with the provider's record: the senders of both records pass, within the limit
        SpfVerification.Outcome outcome = SpfVerification.verify(
                "example.org",
                record,
                new SpfVerification.KnownDns(
                        Map.of("_spf.provider.example", List.of(provider)),
                        Map.of("example.org", List.of("mx1.example.org")),
                        Map.of("mx1.example.org", List.of("192.0.2.25"))),
                List.of("192.0.2.10", "2001:db8:5::1", "198.51.100.77", "192.0.2.25", "203.0.113.5"));
        assertThat(outcome.notAuthorised()).isEmpty();
        assertThat(outcome.lookups()).isEqualTo(2);
        assertThat(outcome.withinLookupLimit()).isTrue();
    }

    static GeneratedFix only(List<FixGenerator.Generated> fixes, String check) {
        return fixes.stream()
                .filter(g -> g.check().equals(check))
                .map(FixGenerator.Generated::fix)
                .reduce((a, b) -> {
                    throw new AssertionError("more than one " + check + " fix");
                })
                .orElseThrow(() -> new AssertionError("no " + check + " fix in " + fixes));
    }

    static Finding pass(FindingCode code) {
        return Finding.of(code, Status.PASS, code.name());
    }

    static CheckResult result(String check, String target, Finding finding, Map<String, Object> details) {
        Evidence.Builder e = Evidence.builder();
        details.forEach(e::detail);
        return CheckResult.of(check, target, List.of(finding), e.build(), NOW, Duration.ZERO);
    }

    static CheckResult mx(String host, String address) {
        return result(
                "mx",
                "example.org",
                pass(MxCode.MX_OK),
                Map.of("mxHosts", List.of(Map.of("host", host, "addresses", List.of(address)))));
    }

    static Map<String, Object> spfTree(String record) {
        return Map.of("spfTree", Map.of("domain", "example.org", "via", "root", "record", record));
    }

    /** {@code r} with the certificate chain of its host as the probe records it (PEM). */
    static CheckResult withChain(CheckResult r) throws CertificateEncodingException {
        String host = r.target().substring(0, r.target().lastIndexOf(':'));
        TestPki.Identity id = new TestPki("Fixes CA").issue(host);
        Evidence.Builder e = Evidence.builder();
        e.certificate(Map.of("subject", "CN=" + host, "pem", pem(id.leaf())));
        e.certificate(Map.of("pem", pem(id.ca())));
        return new CheckResult(r.check(), r.target(), r.status(), r.findings(), e.build(), r.checkedAt(), r.elapsed());
    }

    private static String pem(X509Certificate c) throws CertificateEncodingException {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}
