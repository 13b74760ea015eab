package dev.mailward.checks.tlsrpt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckContext;
import dev.mailward.checks.CheckOptions;
import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import dev.mailward.dns.DnsClient;
import dev.mailward.dns.DnsSettings;
import dev.mailward.testdns.SignedZones;
import dev.mailward.testdns.TestDnsServer;
import dev.mailward.testdns.TestZoneSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whether DANE counts for the tls-rpt check: TLSA records validated from a test trust anchor over
 * signed zones on loopback (DANE deployed) against TLSA records in an unsigned zone (not DANE).
 */
class TlsRptDnssecTests {

    private static final String TLSA =
            "_25._tcp.mx IN TLSA 3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n";

    static TestDnsServer server;
    static DnsClient dns;

    private static String zone(String origin, String ns, String body) {
        return """
                $ORIGIN %s
                $TTL 300
                @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                @ IN NS ns1
                ns1 IN A %s
                @ IN MX 10 mx
                mx IN A 192.0.2.25
                """.formatted(origin, ns) + body;
    }

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        SignedZones chain = TestZoneSigner.chain()
                .signed(".")
                .signed("test.")
                .signed("signed.test.", zone("signed.test.", "192.0.2.53", TLSA))
                .unsigned("unsigned.test.", zone("unsigned.test.", "192.0.2.54", TLSA))
                .unsigned(
                        "unsignedsts.test.",
                        zone("unsignedsts.test.", "192.0.2.55", TLSA + "_mta-sts IN TXT \"v=STSv1; id=1\"\n"))
                .build();
        server = TestDnsServer.builder().zones(chain).start();
        Path anchors = dir.resolve("anchors.txt");
        Files.writeString(anchors, chain.trustAnchor());
        dns = DnsClient.create(DnsSettings.defaults()
                .withResolvers(List.of(server.address()))
                .withTrustAnchors(anchors)
                .withTimeout(Duration.ofMillis(500), 1));
    }

    @AfterAll
    static void stop() {
        dns.close();
        server.close();
    }

    private static CheckResult run(String domain) {
        List<CheckResult> results = new TlsRptCheck()
                .run(new CheckContext(
                        domain, dns, CheckOptions.defaults(), Instant.now().plusSeconds(20)));
        assertThat(results).singleElement();
        return results.getFirst();
    }

    @Test
    void warnsWhenAbsentBesideDaneOnASignedMxZone() {
        CheckResult r = run("signed.test");
        assertThat(r.status()).isEqualTo(Status.WARN);
        assertThat(r.findings()).extracting(Finding::code).containsExactly("TLSRPT_MISSING");
        assertThat(r.findings().getFirst().message()).contains("DANE (_25._tcp.mx.signed.test) is deployed");
        assertThat(r.evidence().dns())
                .anySatisfy(a -> assertThat(a.type()).isEqualTo("TLSA"))
                .filteredOn(a -> a.type().equals("TLSA"))
                .allSatisfy(a -> assertThat(a.dnssec()).isEqualTo("SECURE"));
    }

    @Test
    void tlsaRecordsOfAnUnsignedMxZoneAreNotDaneSoAbsenceDoesNotApply() {
        CheckResult r = run("unsigned.test");
        assertThat(r.status()).isEqualTo(Status.NOT_APPLICABLE);
        assertThat(r.findings()).extracting(Finding::code).containsExactly("TLSRPT_NOT_DEPLOYED");
        assertThat(r.findings().getFirst().message())
                .contains("_25._tcp.mx.unsigned.test are not DNSSEC-signed")
                .doesNotContain("DANE (");
    }

    @Test
    void theWarningBesideMtaStsDoesNotCallTlsaOfAnUnsignedZoneDane() {
        CheckResult r = run("unsignedsts.test");
        assertThat(r.status()).isEqualTo(Status.WARN);
        assertThat(r.findings()).extracting(Finding::code).containsExactly("TLSRPT_MISSING");
        assertThat(r.findings().getFirst().message())
                .contains("although MTA-STS is deployed")
                .doesNotContain("DANE");
    }
}
