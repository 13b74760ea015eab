package dev.mailward.checks.dnssec;

import static dev.mailward.checks.Answers.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Finding;
import dev.mailward.checks.RecordedDns;
import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnssecStatus;
import dev.mailward.probe.MailDiscovery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DnssecCheck#analyse} over answers with their DNSSEC status: no network. */
class DnssecAnalyseTests {

    private static final Instant STARTED = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void aSignedDomainWithAnUnsignedMxHostZone() {
        DnsAnswer soa = ok(
                "example.test",
                "SOA",
                DnssecStatus.SECURE,
                "ns1.example.test. hostmaster.example.test. 1 3600 600 86400 300");
        List<DnsAnswer> mx = List.of(
                ok("example.test", "MX", DnssecStatus.SECURE, "10 mx.provider.test."),
                ok("mx.provider.test", "A", "192.0.2.25"),
                ok("mx.provider.test", "AAAA"));
        DnssecObservation o = new DnssecObservation(
                "example.test",
                STARTED,
                Duration.ofMillis(3),
                soa,
                STARTED.plusMillis(3),
                Duration.ofMillis(6),
                MailDiscovery.mx(new RecordedDns(mx), "example.test"));

        List<CheckResult> results = new DnssecCheck().analyse(o);

        assertThat(results)
                .extracting(r -> r.target() + " "
                        + r.findings().stream().map(Finding::code).toList())
                .containsExactly("example.test [DNSSEC_SECURE]", "mx.provider.test [DNSSEC_INSECURE]");
        assertThat(results.get(1).checkedAt()).isEqualTo(STARTED.plusMillis(3));
    }
}
