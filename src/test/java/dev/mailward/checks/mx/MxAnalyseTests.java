package dev.mailward.checks.mx;

import static dev.mailward.checks.Answers.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Finding;
import dev.mailward.checks.RecordedDns;
import dev.mailward.checks.Status;
import dev.mailward.dns.DnsAnswer;
import dev.mailward.probe.MailDiscovery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link MxCheck#analyse} over observations written by hand: no network, no clock. */
class MxAnalyseTests {

    private static final Instant STARTED = Instant.parse("2026-03-01T10:00:00.000000123Z");

    private static MxObservation observed(List<DnsAnswer> answers) {
        MailDiscovery.MxSet mx = MailDiscovery.mx(new RecordedDns(answers), "example.test");
        return new MxObservation("example.test", STARTED, Duration.ofMillis(42), mx, answers);
    }

    @Test
    void judgesAnMxHostThatIsACnameAndHasNoIpv6FromTheObservationAlone() {
        List<DnsAnswer> answers = List.of(
                ok("example.test", "MX", "10 mail.example.test."),
                ok("mail.example.test", "A", "192.0.2.25"),
                ok("mail.example.test", "AAAA"));
        DnsAnswer aliased = new DnsAnswer(
                answers.get(1).name(),
                "A",
                answers.get(1).outcome(),
                answers.get(1).records(),
                ok("mail.example.test", "CNAME", "host.example.test.").records(),
                answers.get(1).dnssec(),
                answers.get(1).dnssecReason(),
                "127.0.0.1:53",
                false,
                false,
                Duration.ofMillis(1),
                answers.get(1).error());

        CheckResult r = new MxCheck()
                .analyse(observed(List.of(answers.get(0), aliased, answers.get(2))))
                .getFirst();

        assertThat(r.findings()).extracting(Finding::code).containsExactly("MX_TARGET_CNAME", "MX_IPV6_NONE");
        assertThat(r.status()).isEqualTo(Status.WARN);
        assertThat(r.checkedAt()).isEqualTo(STARTED);
        assertThat(r.elapsed()).isEqualTo(Duration.ofMillis(42));
        assertThat(r.evidence().dns()).hasSize(3);
    }

    @Test
    void aHostWhoseAddressesWereNotObservedIsAnErrorNotAMissingAddress() {
        List<DnsAnswer> answers = List.of(ok("example.test", "MX", "10 mail.example.test."));

        CheckResult r = new MxCheck().analyse(observed(answers)).getFirst();

        assertThat(r.findings()).extracting(Finding::code).containsExactly("MX_TARGET_LOOKUP_FAILED");
        assertThat(r.findings().getFirst().message()).contains("not observed");
    }
}
