package dev.mailward.checks.dnssec;

import static dev.mailward.checks.CheckFixture.codes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckContext;
import dev.mailward.checks.CheckOptions;
import dev.mailward.checks.CheckResult;
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
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/** The dnssec check with local validation from a test trust anchor, over signed zones served on loopback. */
class DnssecCheckTests {

    static TestDnsServer server;
    static DnsClient dns;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        SignedZones chain = TestZoneSigner.chain()
                .signed(".")
                .signed("test.")
                .signed("secure.test.", """
                        $ORIGIN secure.test.
                        $TTL 300
                        @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                        @ IN NS ns1
                        ns1 IN A 192.0.2.53
                        @ IN MX 10 mx1
                        @ IN MX 20 mx.insecure.test.
                        mx1 IN A 192.0.2.1
                        """)
                .unsigned("insecure.test.", """
                        $ORIGIN insecure.test.
                        $TTL 300
                        @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                        @ IN NS ns1
                        ns1 IN A 192.0.2.54
                        @ IN MX 10 mx
                        mx IN A 192.0.2.2
                        """)
                .signed("broken.test.", """
                        $ORIGIN broken.test.
                        $TTL 300
                        @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                        @ IN NS ns1
                        ns1 IN A 192.0.2.55
                        @ IN MX 10 mx
                        mx IN A 192.0.2.3
                        """)
                .build();
        server = TestDnsServer.builder().zones(chain).start();
        server.bogus("broken.test", Type.SOA);
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

    static Map<String, CheckResult> run(String domain) {
        CheckOptions options = CheckOptions.defaults();
        List<CheckResult> results = new DnssecCheck()
                .run(new CheckContext(domain, dns, options, Instant.now().plusSeconds(20)));
        return results.stream().collect(Collectors.toMap(CheckResult::target, r -> r));
    }

    @Test
    void passesASignedZoneAndJudgesEachMxHostsZoneOnItsOwn() {
        Map<String, CheckResult> r = run("secure.test");
        assertThat(r).containsOnlyKeys("secure.test", "mx1.secure.test", "mx.insecure.test");
        assertThat(r.get("secure.test").status()).isEqualTo(Status.PASS);
        assertThat(codes(r.get("secure.test"))).containsExactly("DNSSEC_SECURE");
        assertThat(r.get("mx1.secure.test").status()).isEqualTo(Status.PASS);
        CheckResult foreignMx = r.get("mx.insecure.test");
        assertThat(foreignMx.status()).isEqualTo(Status.FAIL);
        assertThat(codes(foreignMx)).containsExactly("DNSSEC_INSECURE");
        assertThat(foreignMx.evidence().dns().getFirst().dnssec()).isEqualTo("INSECURE");
    }

    @Test
    void recordsTheEarliestExpiryOfASecureZonesSignaturesAsEvidence(@TempDir Path dir) throws Exception {
        Instant expires = Instant.now().plus(Duration.ofDays(5)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        SignedZones chain = TestZoneSigner.chain()
                .validity(Instant.now().minus(Duration.ofHours(1)), expires)
                .signed(".")
                .signed("test.")
                .signed("expiring.test.")
                .unsigned("plain.test.")
                .build();
        Path anchors = dir.resolve("anchors.txt");
        Files.writeString(anchors, chain.trustAnchor());
        try (TestDnsServer s = TestDnsServer.builder().zones(chain).start();
                DnsClient c = DnsClient.create(DnsSettings.defaults()
                        .withResolvers(List.of(s.address()))
                        .withTrustAnchors(anchors)
                        .withTimeout(Duration.ofMillis(500), 1))) {
            CheckResult secure = new DnssecCheck()
                    .run(new CheckContext(
                            "expiring.test",
                            c,
                            CheckOptions.defaults(),
                            Instant.now().plusSeconds(20)))
                    .getFirst();
            assertThat(secure.status()).isEqualTo(Status.PASS);
            assertThat(secure.evidence().details()).containsEntry("rrsigExpires", expires.toString());
            assertThat(secure.evidence().dns())
                    .as("the signatures are evidence, not DNS data whose change is a change of the result")
                    .hasSize(1);

            CheckResult unsigned = new DnssecCheck()
                    .run(new CheckContext(
                            "plain.test",
                            c,
                            CheckOptions.defaults(),
                            Instant.now().plusSeconds(20)))
                    .getFirst();
            assertThat(unsigned.status()).isEqualTo(Status.FAIL);
            assertThat(unsigned.evidence().details()).doesNotContainKey("rrsigExpires");
        }
    }

    @Test
    void failsAnUnsignedZoneForTheDnssecDaneMitigation() {
        CheckResult r = run("insecure.test").get("insecure.test");
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.findings().getFirst().mitigation()).isEqualTo("dnssec-dane");
    }

    @Test
    void failsABogusZoneAndSaysWhy() {
        CheckResult r = run("broken.test").get("broken.test");
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(codes(r)).containsExactly("DNSSEC_BOGUS");
        assertThat(r.findings().getFirst().message())
                .startsWith("The DNSSEC signatures of broken.test do not validate.")
                .contains("mail to broken.test is not delivered");
        assertThat(r.evidence().dns().getFirst().dnssec()).isEqualTo("BOGUS");
    }

    @Test
    void reportsAnUnreachableResolverAsErrorNotFail() {
        server.timeout("slow.test", Type.SOA);
        try {
            CheckResult r = run("slow.test").get("slow.test");
            assertThat(r.status()).isEqualTo(Status.ERROR);
        } finally {
            server.clearFaults("slow.test");
        }
    }
}
