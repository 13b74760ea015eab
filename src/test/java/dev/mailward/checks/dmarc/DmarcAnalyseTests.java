package dev.mailward.checks.dmarc;

import static dev.mailward.checks.Answers.nxdomain;
import static dev.mailward.checks.Answers.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Finding;
import dev.mailward.dns.DnsAnswer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link DmarcCheck#analyse} discovers the policy again over the recorded answers: no network. */
class DmarcAnalyseTests {

    private static final Instant STARTED = Instant.parse("2026-03-01T10:00:00Z");

    private static CheckResult analyse(String asked, List<DnsAnswer> answers) {
        return new DmarcCheck()
                .analyse(new DmarcObservation(asked, asked, STARTED, Duration.ofMillis(5), answers, Optional.empty()))
                .getFirst();
    }

    @Test
    void aSubdomainInheritsTheUnenforcedPolicyOfItsOrganisationalDomain() {
        List<DnsAnswer> answers = List.of(
                nxdomain("_dmarc.shop.example.test", "TXT"),
                ok("_dmarc.example.test", "TXT", "\"v=DMARC1; p=none; rua=mailto:d@example.test\""),
                nxdomain("_dmarc.test", "TXT"),
                ok("shop.example.test", "MX", "10 mx.example.test."),
                ok("shop.example.test", "TXT", "\"v=spf1 mx -all\""));

        CheckResult r = analyse("shop.example.test", answers);

        assertThat(r.findings())
                .extracting(Finding::code)
                .contains("DMARC_INHERITED", "DMARC_UNENFORCED")
                .doesNotContain("DMARC_DNS_ERROR");
        assertThat(r.evidence().details()).containsKeys("treeWalk", "rfc7489", "record");
        assertThat(r.checkedAt()).isEqualTo(STARTED);
    }

    @Test
    void aNameThatIsNoDomainIsReportedWithoutAnyAnswer() {
        CheckResult r = analyse("not a domain", List.of());

        assertThat(r.findings()).extracting(Finding::code).containsExactly("DMARC_DNS_ERROR");
        assertThat(r.findings().getFirst().message()).startsWith("not a domain name: ");
    }
}
