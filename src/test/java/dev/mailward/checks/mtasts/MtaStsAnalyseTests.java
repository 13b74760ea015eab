package dev.mailward.checks.mtasts;

import static dev.mailward.checks.Answers.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import dev.mailward.dns.DnsAnswer;
import dev.mailward.probe.https.HttpsOutcome;
import dev.mailward.probe.https.HttpsResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link MtaStsCheck#analyse} and {@link MtaStsCheck#policyMode} over a fetch written by hand: no network. */
class MtaStsAnalyseTests {

    private static final Instant STARTED = Instant.parse("2026-03-01T10:00:00Z");

    private static MtaStsObservation observed(String policy, String contentType) {
        DnsAnswer txt = ok("_mta-sts.example.test", "TXT", "\"v=STSv1; id=20260301\"");
        DnsAnswer mx = ok("example.test", "MX", "10 mx1.example.test.", "20 backup.other.test.");
        HttpsResult fetch = new HttpsResult(
                "https://mta-sts.example.test/.well-known/mta-sts.txt",
                HttpsOutcome.RESPONSE,
                Optional.of("192.0.2.80"),
                200,
                List.of("Content-Type: " + contentType),
                policy.getBytes(StandardCharsets.UTF_8),
                Optional.empty(),
                List.of());
        return new MtaStsObservation(
                "example.test",
                STARTED,
                Duration.ofMillis(30),
                Optional.of(txt),
                Optional.empty(),
                Optional.of(fetch),
                Optional.of(mx),
                List.of(txt, mx),
                Optional.empty());
    }

    @Test
    void anEnforcedPolicyThatMissesAnMxHostFailsAndGivesItsModeToOtherFamilies() {
        MtaStsObservation o =
                observed("version: STSv1\nmode: enforce\nmx: mx1.example.test\nmax_age: 604800\n", "text/plain");

        CheckResult r = new MtaStsCheck().analyse(o).getFirst();

        assertThat(r.findings())
                .extracting(Finding::code)
                .containsExactly("MTASTS_MX_NOT_COVERED", "MTASTS_MODE_ENFORCE");
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.evidence().http())
                .singleElement()
                .satisfies(h -> assertThat(h.status()).isEqualTo(200));
        assertThat(MtaStsCheck.policyMode(o)).contains("enforce");
    }

    @Test
    void aPolicyServedAsHtmlIsStillJudgedButWarned() {
        MtaStsObservation o = observed(
                "version: STSv1\nmode: testing\nmx: *.example.test\nmx: backup.other.test\n" + "max_age: 604800\n",
                "text/html");

        CheckResult r = new MtaStsCheck().analyse(o).getFirst();

        assertThat(r.findings())
                .extracting(Finding::code)
                .containsExactlyInAnyOrder("MTASTS_POLICY_CONTENT_TYPE", "MTASTS_MODE_TESTING", "MTASTS_MX_COVERED");
        assertThat(MtaStsCheck.policyMode(o)).contains("testing");
    }
}
