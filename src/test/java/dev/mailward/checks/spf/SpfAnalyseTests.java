package dev.mailward.checks.spf;

import static dev.mailward.checks.Answers.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import dev.mailward.dns.DnsAnswer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link SpfCheck#analyse} walks the recorded evaluation tree: no network, no clock. */
class SpfAnalyseTests {

    private static final Instant STARTED = Instant.parse("2026-03-01T10:00:00Z");

    private static CheckResult analyse(List<DnsAnswer> answers, Optional<String> failure) {
        return new SpfCheck()
                .analyse(new SpfObservation(
                        "example.test", STARTED, Duration.ofMillis(7), answers, false, answers.size(), failure))
                .getFirst();
    }

    @Test
    void judgesTheRecordedTreeWithItsIncludeAndNeutralAll() {
        List<DnsAnswer> answers = List.of(
                ok("example.test", "TXT", "\"v=spf1 include:_spf.esp.test ?all\""),
                ok("_spf.esp.test", "TXT", "\"v=spf1 ip4:192.0.2.0/24 -all\""),
                ok("example.test", "MX"));

        CheckResult r = analyse(answers, Optional.empty());

        assertThat(r.findings())
                .extracting(Finding::code)
                .contains("SPF_PERMISSIVE_ALL", "SPF_LOOKUPS_OK")
                .doesNotContain("SPF_DNS_ERROR");
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.evidence().details()).containsKey("spfTree").containsKey("spfEvaluations");
        assertThat(r.checkedAt()).isEqualTo(STARTED);
    }

    @Test
    void anIncludeThatWasNotObservedIsADnsErrorNeverAPass() {
        List<DnsAnswer> answers =
                List.of(ok("example.test", "TXT", "\"v=spf1 include:_spf.esp.test -all\""), ok("example.test", "MX"));

        CheckResult r = analyse(answers, Optional.empty());

        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(r.findings()).extracting(Finding::code).contains("SPF_DNS_ERROR");
    }

    @Test
    void aWalkThatStoppedWhenObservedStopsThereAgainWithTheSameReason() {
        List<DnsAnswer> answers = List.of(ok("example.test", "TXT", "\"v=spf1 include:_spf.esp.test -all\""));

        CheckResult r = analyse(answers, Optional.of("IllegalStateException: resolver closed"));

        assertThat(r.findings())
                .extracting(Finding::message)
                .contains("SPF analysis of example.test stopped: IllegalStateException: resolver closed");
    }
}
