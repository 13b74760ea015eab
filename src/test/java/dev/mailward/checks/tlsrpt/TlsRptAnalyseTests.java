package dev.mailward.checks.tlsrpt;

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

/** {@link TlsRptCheck#analyse} walks the recorded answers: no network. */
class TlsRptAnalyseTests {

    private static final Instant STARTED = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void noRecordWhileMtaStsIsDeployedIsAWarning() {
        List<DnsAnswer> answers = List.of(
                ok("_smtp._tls.example.test", "TXT"),
                ok("_mta-sts.example.test", "TXT", "\"v=STSv1; id=1\""),
                ok("example.test", "MX"));

        CheckResult r = new TlsRptCheck()
                .analyse(
                        new TlsRptObservation("example.test", STARTED, Duration.ofMillis(4), answers, Optional.empty()))
                .getFirst();

        assertThat(r.findings()).extracting(Finding::code).containsExactly("TLSRPT_MISSING");
        assertThat(r.status()).isEqualTo(Status.WARN);
        assertThat(r.evidence().dns()).hasSize(3);
    }
}
