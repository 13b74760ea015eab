package dev.mailward.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailward.checks.DomainObservation.FamilyObservation;
import dev.mailward.checks.blocklist.BlocklistCheck;
import dev.mailward.checks.dkim.DkimCheck;
import dev.mailward.checks.dmarc.DmarcCheck;
import dev.mailward.checks.dnssec.DnssecCheck;
import dev.mailward.checks.mtasts.MtaStsCheck;
import dev.mailward.checks.mx.MxCheck;
import dev.mailward.checks.rdns.PtrCheck;
import dev.mailward.checks.spf.SpfCheck;
import dev.mailward.checks.tlsrpt.TlsRptCheck;
import dev.mailward.dns.DnsClient;
import dev.mailward.dns.DnsSettings;
import dev.mailward.probe.TargetPolicy;
import dev.mailward.testdns.TestDnsServer;
import dev.mailward.testnet.TestHttpsServer;
import dev.mailward.testnet.TestPki;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A domain's observation stored as JSON and read back is judged as the original: the pipeline's
 * promise that results can be judged again, under new rules, without the network. The observation
 * is a real one: every DNS family observing a loopback DNS server (through the caching resolver,
 * so that answers repeat from the cache as in production) and a loopback MTA-STS policy server.
 */
class ObservationJsonTests {

    private static final String DOMAIN = "pipeline.test";

    @TempDir
    Path tmp;

    private static String zones(String dkimKey) {
        return """
                $ORIGIN pipeline.test.
                $TTL 300
                @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                @ IN MX 10 mx1
                @ IN MX 20 mx2
                @ IN TXT "v=spf1 mx include:_spf.pipeline.test include:_spf.pipeline.test ~all"
                _spf IN TXT "v=spf1 ip4:127.0.0.0/8 a:mx1.pipeline.test -all"
                _dmarc IN TXT "v=DMARC1; p=quarantine; rua=mailto:d@reports.other.test,mailto:me@pipeline.test"
                sel._domainkey IN TXT "v=DKIM1; k=rsa; p=%s"
                _mta-sts IN TXT "v=STSv1; id=20260101"
                mta-sts IN A 127.0.0.1
                _smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:tls@pipeline.test"
                mx1 IN A 127.0.0.1
                mx2 IN A 127.0.0.2
                """.formatted(splitTxt(dkimKey));
    }

    private static String splitTxt(String key) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < key.length(); i += 200) {
            sb.append(key, i, Math.min(key.length(), i + 200)).append(i + 200 < key.length() ? "\" \"" : "");
        }
        return sb.toString();
    }

    private static final String OTHER = """
            $ORIGIN other.test.
            $TTL 300
            @ IN SOA ns1 hostmaster 1 3600 600 86400 300
            pipeline.test._report._dmarc.reports IN TXT "v=DMARC1"
            """;
    private static final String REVERSE = """
            $ORIGIN 127.in-addr.arpa.
            $TTL 300
            @ IN SOA ns1.pipeline.test. hostmaster.pipeline.test. 1 3600 600 86400 300
            1.0.0 IN PTR mx1.pipeline.test.
            2.0.0 IN PTR host-127-0-0-2.dyn.other.test.
            """;
    private static final String BLOCKLIST = """
            $ORIGIN bl.test.
            $TTL 300
            @ IN SOA ns1 hostmaster 1 3600 600 86400 300
            2.0.0.127 IN A 127.0.0.2
            2.0.0.127 IN TXT "listed for testing"
            """;
    private static final String POLICY = "version: STSv1\nmode: enforce\nmx: mx1.pipeline.test\nmax_age: 604800\n";

    private static List<Check<?>> families(int httpsPort) {
        return List.of(
                new MxCheck(),
                new SpfCheck(),
                new DmarcCheck(),
                new DkimCheck(),
                new MtaStsCheck(httpsPort),
                new TlsRptCheck(),
                new DnssecCheck(),
                new PtrCheck(),
                new BlocklistCheck());
    }

    @Test
    void judgingADecodedObservationOfEveryDnsFamilyGivesTheResultsOfJudgingTheOriginal() throws Exception {
        String key = Base64.getEncoder()
                .encodeToString(KeyPairGenerator.getInstance("RSA")
                        .generateKeyPair()
                        .getPublic()
                        .getEncoded());
        TestPki pki = new TestPki("Mailward Test CA");
        try (TestDnsServer server = TestDnsServer.builder()
                        .zone(zones(key))
                        .zone(OTHER)
                        .zone(REVERSE)
                        .zone(BLOCKLIST)
                        .start();
                DnsClient dns = DnsClient.create(DnsSettings.defaults()
                        .withResolvers(List.of(server.address()))
                        .withDnssecMode(DnsSettings.DnssecMode.TRUST_AD)
                        .withTimeout(Duration.ofMillis(400), 1));
                TestHttpsServer https = new TestHttpsServer(
                        pki.issue("mta-sts." + DOMAIN), TestHttpsServer.respond(200, "text/plain", POLICY));
                CheckRunner runner = new CheckRunner(new CheckRegistry(families(https.port())), dns, 8)) {
            CheckOptions options = CheckOptions.defaults()
                    .withCheckTimeout(Duration.ofSeconds(10))
                    .withTargetPolicy(TargetPolicy.allowing(List.of("127.0.0.0/8")))
                    .withCaBundle(pki.writeCaBundle(tmp))
                    .withDkimSelectors(List.of("sel"))
                    .withDnsblZones(List.of("bl.test"));
            DomainObservation observed = runner.observe(DOMAIN, options);
            DomainReport judged = runner.judge(observed);

            ObservationJson codec = new ObservationJson(runner.registry());
            String json = codec.encode(observed);
            DomainObservation decoded = codec.decode(json);

            assertThat(observed.families())
                    .extracting(FamilyObservation::check)
                    .containsExactly("mx", "spf", "dmarc", "dkim", "mta-sts", "tls-rpt", "dnssec", "ptr", "blocklist");
            assertThat(observed.families())
                    .allSatisfy(f -> assertThat(f).isInstanceOf(FamilyObservation.Observed.class));
            assertThat(runner.judge(decoded)).isEqualTo(judged);
            assertThat(codec.encode(decoded)).isEqualTo(json);
            // what was judged is a real observation, not a run of errors
            assertThat(judged.results())
                    .extracting(r -> r.check() + " " + r.target() + " " + r.status())
                    .contains(
                            "mx pipeline.test WARN",
                            "dmarc pipeline.test PASS",
                            "dkim sel._domainkey.pipeline.test PASS",
                            "mta-sts pipeline.test FAIL",
                            "tls-rpt pipeline.test PASS",
                            "ptr 127.0.0.1 PASS",
                            "blocklist 127.0.0.2 FAIL");
            assertThat(judged.results()).noneMatch(r -> r.status() == Status.ERROR);
        }
    }

    @Test
    void aFamilyThatDidNotCompleteIsJudgedAsTheSameErrorAfterARoundTrip() {
        Instant at = Instant.parse("2026-01-02T03:04:05.123456789Z");
        DomainObservation observed = new DomainObservation(
                DOMAIN,
                at,
                List.of(new FamilyObservation.NotObserved(
                        "mx",
                        at,
                        Duration.ofNanos(2_000_000_001),
                        "the check did not finish within its deadline of 30 s")));
        List<Check<?>> families = List.of(new MxCheck());
        ObservationJson codec = new ObservationJson(families);

        DomainObservation decoded = codec.decode(codec.encode(observed));

        assertThat(decoded).isEqualTo(observed);
        DomainReport report = CheckRunner.judge(decoded, families);
        assertThat(report.results()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(Status.ERROR);
            assertThat(r.findings().getFirst().code()).isEqualTo("CHECK_DID_NOT_COMPLETE");
            assertThat(r.elapsed()).isEqualTo(Duration.ofNanos(2_000_000_001));
        });
        assertThat(report).isEqualTo(CheckRunner.judge(observed, families));
    }

    @Test
    void leavesOutTheObservationOfAFamilyItDoesNotKnowAndRefusesOtherFormats() {
        Instant at = Instant.parse("2026-01-02T03:04:05Z");
        DomainObservation observed = new DomainObservation(
                DOMAIN, at, List.of(new FamilyObservation.Observed("gone", at, Duration.ZERO, new Gone())));
        ObservationJson codec = new ObservationJson(List.of(new MxCheck()));

        assertThat(codec.decode(codec.encode(observed)).families()).isEmpty();
        assertThatThrownBy(() -> codec.decode("{\"format\":99,\"domain\":\"x.test\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format 99");
        assertThatThrownBy(() -> codec.decode("not json")).isInstanceOf(IllegalArgumentException.class);
    }

    /** An observation of a family the codec does not know (one that was removed since it was stored). */
    private record Gone() implements Observation {}
}
