package dev.mailward.checks.tlsrpt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckContext;
import dev.mailward.checks.CheckOptions;
import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import dev.mailward.testnet.LabDns;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The tls-rpt check over loopback DNS (TestDnsServer + DnsClient). */
class TlsRptCheckTests {

    private static LabDns lab;

    static String zone(String origin, String body) {
        return "$ORIGIN " + origin + ".\n@ 300 IN SOA ns1 hostmaster 1 3600 600 86400 300\n"
                + "@ 300 IN MX 10 mx\nmx 300 IN A 192.0.2.25\n" + body;
    }

    @BeforeAll
    static void startDns() {
        lab = new LabDns(
                zone(
                        "good.test",
                        "_smtp._tls 300 IN TXT \"v=TLSRPTv1; rua=mailto:tls@good.test,https://r.good.test/x\"\n"),
                zone("bad.test", "_smtp._tls 300 IN TXT \"v=TLSRPTv1; rua=ftp://x.test/\"\n"),
                zone(
                        "two.test",
                        "_smtp._tls 300 IN TXT \"v=TLSRPTv1; rua=mailto:a@two.test\"\n"
                                + "_smtp._tls 300 IN TXT \"v=TLSRPTv1; rua=mailto:b@two.test\"\n"),
                zone("sts.test", "_mta-sts 300 IN TXT \"v=STSv1; id=1\"\n"),
                zone(
                        "dane.test",
                        "_25._tcp.mx 300 IN TLSA 3 1 1 "
                                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"),
                zone("plain.test", ""),
                "$ORIGIN nullmx.test.\n@ 300 IN SOA ns1 hostmaster 1 3600 600 86400 300\n@ 300 IN MX 0 .\n"
                        + "_mta-sts 300 IN TXT \"v=STSv1; id=1\"\n",
                zone("html.test", "_smtp._tls 300 IN TXT \"v=TLSRPTv1; rua=mailto:<img src=x onerror=alert(1)>\"\n"),
                zone("broken.test", ""));
        lab.server().servfail("_smtp._tls.broken.test");
    }

    @AfterAll
    static void stopDns() {
        lab.close();
    }

    private CheckResult run(String domain) {
        List<CheckResult> results = new TlsRptCheck()
                .run(new CheckContext(
                        domain,
                        lab.client(),
                        CheckOptions.defaults(),
                        Instant.now().plusSeconds(5)));
        assertThat(results)
                .singleElement()
                .satisfies(r -> assertThat(r.target()).isEqualTo(domain));
        return results.getFirst();
    }

    private static List<String> codes(CheckResult r) {
        return r.findings().stream().map(Finding::code).toList();
    }

    @Test
    void passesValidRecordAndNamesDestinations() {
        CheckResult r = run("good.test");
        assertThat(r.status()).isEqualTo(Status.PASS);
        assertThat(codes(r)).containsExactly("TLSRPT_VALID");
        assertThat(r.findings().getFirst().message()).contains("mailto:tls@good.test", "https://r.good.test/x");
    }

    @Test
    void failsInvalidSchemeAndSeveralRecords() {
        CheckResult bad = run("bad.test");
        assertThat(bad.status()).isEqualTo(Status.FAIL);
        assertThat(bad.findings().getFirst().message()).contains("ftp");
        assertThat(codes(run("two.test"))).containsExactly("TLSRPT_MULTIPLE_RECORDS");
    }

    @Test
    void warnsWhenAbsentBesideMtaSts() {
        CheckResult sts = run("sts.test");
        assertThat(sts.status()).isEqualTo(Status.WARN);
        assertThat(sts.findings().getFirst().message()).contains("MTA-STS");
    }

    @Test
    void absentBesideTlsaRecordsOfAnUnsignedZoneDoesNotApplyAndDoesNotCallThemDane() {
        CheckResult dane = run("dane.test");
        assertThat(dane.status()).isEqualTo(Status.NOT_APPLICABLE);
        assertThat(codes(dane)).containsExactly("TLSRPT_NOT_DEPLOYED");
        assertThat(dane.findings().getFirst().message())
                .contains("_25._tcp.mx.dane.test are not DNSSEC-signed")
                .doesNotContain("although")
                .doesNotContain("DANE (");
    }

    @Test
    void absentWithoutMtaStsOrDaneDoesNotApplyAndIsNeverAPass() {
        CheckResult r = run("plain.test");
        assertThat(r.status()).isEqualTo(Status.NOT_APPLICABLE);
        assertThat(codes(r)).containsExactly("TLSRPT_NOT_DEPLOYED");
        assertThat(r.findings().getFirst().message()).contains("neither is deployed");
    }

    @Test
    void absentOnANullMxDomainDoesNotApplyAndSaysWhy() {
        CheckResult r = run("nullmx.test");
        assertThat(r.status()).isEqualTo(Status.NOT_APPLICABLE);
        assertThat(codes(r)).containsExactly("TLSRPT_NULL_MX");
        assertThat(r.findings().getFirst().message()).contains("accepts no mail (null MX)");
    }

    @Test
    void dnsFailureIsAnError() {
        CheckResult r = run("broken.test");
        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(r.findings().getFirst().message())
                .contains("the DNS server reported a server failure")
                .doesNotContain("SERVFAIL");
    }

    @Test
    void htmlInRecordIsReportedVerbatimAsData() {
        CheckResult r = run("html.test");
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.findings().getFirst().message()).contains("<img src=x onerror=alert(1)>");
    }
}
