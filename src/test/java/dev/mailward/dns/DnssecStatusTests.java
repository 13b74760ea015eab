package dev.mailward.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailward.dns.DnsSettings.DnssecMode;
import dev.mailward.testdns.SignedZones;
import dev.mailward.testdns.TestDnsServer;
import dev.mailward.testdns.TestZoneSigner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * DNSSEC status of answers against signed zones served over loopback: local validation from a
 * test trust anchor, and the trusted AD bit of a (simulated) validating resolver.
 */
class DnssecStatusTests {

    private static SignedZones chain;
    private static SignedZones expired;

    @TempDir
    static Path dir;

    private static Path anchors;
    private static Path expiredAnchors;

    private TestDnsServer dns;
    private final List<DnsClient> clients = new ArrayList<>();

    private static String zone(String origin, String extra) {
        return """
                $ORIGIN %s
                @      300 IN SOA ns1 hostmaster 1 3600 600 86400 60
                @      300 IN NS  ns1
                ns1    300 IN A   192.0.2.53
                @      300 IN TXT "v=spf1 -all"
                %s
                """.formatted(origin, extra);
    }

    @BeforeAll
    static void signZones() throws IOException {
        chain = TestZoneSigner.chain()
                .signed("test.")
                .signed("secure.test.", zone("secure.test.", "mx 300 IN MX 10 mail\nmail 300 IN A 192.0.2.25"))
                .unsigned("plain.test.", zone("plain.test.", ""))
                .signedWithWrongDs("wrongds.test.", zone("wrongds.test.", ""))
                .build();
        anchors = Files.writeString(dir.resolve("anchors.txt"), chain.trustAnchor());
        expired = TestZoneSigner.chain()
                .validity(
                        Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1)))
                .signed("test.")
                .signed("old.test.", zone("old.test.", ""))
                .build();
        expiredAnchors = Files.writeString(dir.resolve("expired-anchors.txt"), expired.trustAnchor());
    }

    @AfterEach
    void stop() {
        clients.forEach(DnsClient::close);
        if (dns != null) {
            dns.close();
        }
    }

    @AfterAll
    static void forget() {
        chain = null;
        expired = null;
    }

    private DnsClient clientWith(DnssecMode mode, Path trustAnchors) {
        DnsSettings s = new DnsSettings(
                List.of(dns.address()),
                Duration.ofMillis(500),
                1,
                mode,
                Optional.of(trustAnchors),
                1_000,
                8,
                65_535,
                60,
                400);
        DnsClient c = DnsClient.create(s);
        clients.add(c);
        return c;
    }

    @Nested
    class LocalValidation {

        private DnsClient client() {
            dns = TestDnsServer.builder().zones(chain).start();
            return clientWith(DnssecMode.VALIDATE, anchors);
        }

        @Test
        void marksAnswerFromSignedZoneSecure() {
            DnsAnswer a = client().lookup("secure.test", Type.TXT);

            assertThat(a.outcome()).isEqualTo(DnsOutcome.OK);
            assertThat(a.dnssec()).isEqualTo(DnssecStatus.SECURE);
            assertThat(a.txtJoined()).containsExactly("v=spf1 -all");
            assertThat(a.server()).isEqualTo("127.0.0.1:" + dns.port());
        }

        @Test
        void marksProvenNonExistenceSecure() {
            DnsClient client = client();

            DnsAnswer nx = client.lookup("nope.secure.test", Type.A);
            DnsAnswer nodata = client.lookup("mail.secure.test", Type.TXT);

            assertThat(nx.outcome()).isEqualTo(DnsOutcome.NXDOMAIN);
            assertThat(nx.dnssec()).isEqualTo(DnssecStatus.SECURE);
            assertThat(nodata.outcome()).isEqualTo(DnsOutcome.NODATA);
            assertThat(nodata.dnssec()).isEqualTo(DnssecStatus.SECURE);
        }

        @Test
        void marksAnswerBelowAnUnsignedDelegationInsecure() {
            DnsAnswer a = client().lookup("plain.test", Type.TXT);

            assertThat(a.outcome()).isEqualTo(DnsOutcome.OK);
            assertThat(a.dnssec()).isEqualTo(DnssecStatus.INSECURE);
            assertThat(a.txtJoined()).containsExactly("v=spf1 -all");
        }

        @Test
        void marksCorruptSignatureBogusAndKeepsTheDataAsEvidence() {
            DnsClient client = client();
            dns.bogus("secure.test", Type.TXT);

            DnsAnswer a = client.lookup("secure.test", Type.TXT);

            assertThat(a.outcome()).isEqualTo(DnsOutcome.SERVFAIL);
            assertThat(a.dnssec()).isEqualTo(DnssecStatus.BOGUS);
            assertThat(a.records()).isEmpty();
            assertThat(a.dnssecReason())
                    .hasValueSatisfying(r ->
                            assertThat(r).contains("unvalidated data (CD=1)").contains("v=spf1 -all"));
            assertThat(a.error())
                    .hasValueSatisfying(e -> assertThat(e)
                            .contains("DNSSEC validation failed for secure.test. TXT")
                            .doesNotContain("CD=1")
                            .doesNotContain("RRSIG"));
            assertThat(a.toEvidence().dnssec()).isEqualTo("BOGUS");
        }

        @Test
        void marksZoneWithMismatchedDsBogus() {
            DnsAnswer a = client().lookup("wrongds.test", Type.TXT);

            assertThat(a.dnssec()).isEqualTo(DnssecStatus.BOGUS);
            assertThat(a.outcome()).isEqualTo(DnsOutcome.SERVFAIL);
            assertThat(a.dnssecReason()).isPresent();
        }

        @Test
        void marksExpiredSignaturesBogus() {
            dns = TestDnsServer.builder().zones(expired).start();
            DnsClient client = clientWith(DnssecMode.VALIDATE, expiredAnchors);

            DnsAnswer a = client.lookup("old.test", Type.TXT);

            assertThat(a.dnssec()).isEqualTo(DnssecStatus.BOGUS);
            assertThat(a.dnssecReason()).isPresent();
        }

        @Test
        void keepsUpstreamFailuresApartFromBogus() {
            DnsClient client = client();
            dns.servfail("plain.test", Type.TXT).refused("secure.test", Type.MX);

            DnsAnswer servfail = client.lookup("plain.test", Type.TXT);
            DnsAnswer refused = client.lookup("secure.test", Type.MX);

            assertThat(servfail.outcome()).isEqualTo(DnsOutcome.SERVFAIL);
            assertThat(servfail.dnssec()).isEqualTo(DnssecStatus.INDETERMINATE);
            assertThat(refused.outcome()).isEqualTo(DnsOutcome.REFUSED);
            assertThat(refused.dnssec()).isEqualTo(DnssecStatus.INDETERMINATE);
        }

        @Test
        void refusesToStartWithUnreadableTrustAnchors() {
            dns = TestDnsServer.builder().zones(chain).start();
            Path missing = dir.resolve("missing-anchors.txt");

            assertThatThrownBy(() -> clientWith(DnssecMode.VALIDATE, missing))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("missing-anchors.txt");
        }

        @Test
        void shipsTheIanaRootAnchorsAndLoadsThemByDefault() throws IOException {
            dns = TestDnsServer.builder().zones(chain).start();
            List<String> ds = new ArrayList<>();
            try (var in = DnsClient.class.getResourceAsStream("/dev/mailward/dns/root-anchors.txt");
                    var master = new Master(in, Name.root, 0)) {
                for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
                    ds.add(r.getName() + " " + r.rdataToString());
                }
            }
            DnsSettings s = DnsSettings.defaults().withResolvers(List.of(dns.address()));

            assertThat(ds)
                    .containsExactly(
                            ". 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D",
                            ". 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16");
            try (DnsClient c = DnsClient.create(s)) {
                assertThat(c.settings().dnssecMode()).isEqualTo(DnssecMode.VALIDATE);
            }
        }
    }

    @Nested
    class TrustedAdBit {

        private DnsClient client() {
            dns = TestDnsServer.builder().zones(chain).adBit(true).start();
            return clientWith(DnssecMode.TRUST_AD, anchors);
        }

        @Test
        void marksAnswerWithAdSecure() {
            DnsAnswer a = client().lookup("secure.test", Type.TXT);

            assertThat(a.outcome()).isEqualTo(DnsOutcome.OK);
            assertThat(a.dnssec()).isEqualTo(DnssecStatus.SECURE);
        }

        @Test
        void marksAnswerWithoutAdInsecure() {
            DnsAnswer a = client().lookup("plain.test", Type.TXT);

            assertThat(a.outcome()).isEqualTo(DnsOutcome.OK);
            assertThat(a.dnssec()).isEqualTo(DnssecStatus.INSECURE);
        }

        @Test
        void marksServfailThatAnswersWithCheckingDisabledBogus() {
            DnsClient client = client();
            dns.bogus("secure.test", Type.TXT);

            DnsAnswer a = client.lookup("secure.test", Type.TXT);

            assertThat(a.outcome()).isEqualTo(DnsOutcome.SERVFAIL);
            assertThat(a.dnssec()).isEqualTo(DnssecStatus.BOGUS);
            assertThat(a.dnssecReason()).isPresent();
            assertThat(a.dnssecReason()).hasValueSatisfying(r -> assertThat(r).contains("v=spf1 -all"));
            assertThat(dns.queryCount("secure.test", Type.TXT)).isEqualTo(2);
        }

        @Test
        void keepsPlainServfailIndeterminate() {
            DnsClient client = client();
            dns.servfail("secure.test", Type.TXT);

            DnsAnswer a = client.lookup("secure.test", Type.TXT);

            assertThat(a.outcome()).isEqualTo(DnsOutcome.SERVFAIL);
            assertThat(a.dnssec()).isEqualTo(DnssecStatus.INDETERMINATE);
        }
    }
}
