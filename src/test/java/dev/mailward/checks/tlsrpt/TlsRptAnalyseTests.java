package dev.mailward.checks.tlsrpt;

import static dev.mailward.checks.Answers.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnssecStatus;
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

    private static CheckResult judgeTlsa(DnssecStatus status) {
        List<DnsAnswer> answers = List.of(
                ok("_smtp._tls.example.test", "TXT"),
                ok("_mta-sts.example.test", "TXT"),
                ok("example.test", "MX", "10 mx.example.test."),
                ok(
                        "_25._tcp.mx.example.test",
                        "TLSA",
                        status,
                        "3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
        return new TlsRptCheck()
                .analyse(new TlsRptObservation("example.test", STARTED, Duration.ZERO, answers, Optional.empty()))
                .getFirst();
    }

    @Test
    void tlsaRecordsCountAsDaneOnlyInASignedZone() {
        assertThat(judgeTlsa(DnssecStatus.SECURE).status()).isEqualTo(Status.WARN);
        // signed but failing validation: DANE senders defer mail, so DANE is deployed (and broken)
        assertThat(judgeTlsa(DnssecStatus.BOGUS).status()).isEqualTo(Status.WARN);
        CheckResult unsigned = judgeTlsa(DnssecStatus.INSECURE);
        assertThat(unsigned.status()).isEqualTo(Status.NOT_APPLICABLE);
        assertThat(unsigned.findings().getFirst().message())
                .contains("_25._tcp.mx.example.test are not DNSSEC-signed, so senders ignore them");
        CheckResult unvalidated = judgeTlsa(DnssecStatus.INDETERMINATE);
        assertThat(unvalidated.status()).isEqualTo(Status.NOT_APPLICABLE);
        assertThat(unvalidated.findings().getFirst().message()).contains("could not be DNSSEC-validated");
    }

    @Test
    void aNullMxIsJudgedNotApplicableWhateverElseWasFound() {
        List<DnsAnswer> answers = List.of(
                ok("_smtp._tls.example.test", "TXT"),
                ok("_mta-sts.example.test", "TXT", "\"v=STSv1; id=1\""),
                ok("example.test", "MX", "0 ."));
        CheckResult r = new TlsRptCheck()
                .analyse(new TlsRptObservation("example.test", STARTED, Duration.ZERO, answers, Optional.empty()))
                .getFirst();
        assertThat(r.status()).isEqualTo(Status.NOT_APPLICABLE);
        assertThat(r.findings()).extracting(Finding::code).containsExactly("TLSRPT_NULL_MX");
    }
}
