package dev.mailward.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsOutcome;
import dev.mailward.dns.DnssecStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which results the DNSSEC failure blocked, judged over hand-written results (pure). */
class DnssecBlockingTests {

    static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    static DnsAnswer bogus(String name) {
        return new DnsAnswer(
                name + ".",
                "TXT",
                DnsOutcome.SERVFAIL,
                List.of(),
                List.of(),
                DnssecStatus.BOGUS,
                Optional.of("EDE 9 DNSKEY_MISSING: No keys; unvalidated data (CD=1): ..."),
                "127.0.0.1:53",
                false,
                false,
                Duration.ZERO,
                Optional.of("DNSSEC validation failed for " + name + ". TXT"));
    }

    static CheckResult result(String check, String target, Finding finding, DnsAnswer answer) {
        return CheckResult.of(check, target, List.of(finding), Evidence.ofDns(List.of(answer)), AT, Duration.ZERO);
    }

    static Finding error(String code, String mitigation) {
        return new Finding(code, Status.ERROR, "lookup failed", mitigation);
    }

    @Test
    void replacesErrorsFromRejectedAnswersAndLeavesOtherFailuresAlone() {
        CheckResult spf = result("spf", "x.test", error("SPF_DNS_ERROR", "spf-dkim"), bogus("x.test"));
        CheckResult ptr = result(
                "ptr",
                "192.0.2.1",
                error("PTR_LOOKUP_FAILED", "reputation"),
                Answers.failed("1.2.0.192.in-addr.arpa", "PTR", DnsOutcome.TIMEOUT));

        List<CheckResult> marked = DnssecBlocking.mark("x.test", List.of(spf, ptr));

        assertThat(marked.get(0).status()).isEqualTo(Status.ERROR);
        assertThat(marked.get(0).findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("DNSSEC_BLOCKED");
            assertThat(f.mitigation()).isEqualTo("spf-dkim");
            assertThat(f.message()).startsWith("Blocked by the DNSSEC failure").doesNotContain("EDE", "CD=1");
        });
        assertThat(marked.get(1)).isEqualTo(ptr);
    }

    @Test
    void makesTheBlockedDkimSelectorsOneResultAndKeepsTheSelectorThatAnswered() {
        CheckResult good = result(
                "dkim",
                "good._domainkey.x.test",
                new Finding("DKIM_KEY_OK", Status.PASS, "ok", "spf-dkim"),
                Answers.ok("good._domainkey.x.test", "TXT", "\"v=DKIM1; p=abc\""));
        CheckResult a = result(
                "dkim", "a._domainkey.x.test", error("DKIM_DNS_ERROR", "spf-dkim"), bogus("a._domainkey.x.test"));
        CheckResult b = result(
                "dkim", "b._domainkey.x.test", error("DKIM_DNS_ERROR", "spf-dkim"), bogus("b._domainkey.x.test"));
        CheckResult domain = CheckResult.of(
                "dkim",
                "_domainkey.x.test",
                List.of(error("DKIM_DNS_ERROR", "spf-dkim"), new Finding("DKIM_WEAK", Status.WARN, "w", "spf-dkim")),
                Evidence.ofDns(List.of(bogus("c._domainkey.x.test"))),
                AT,
                Duration.ZERO);
        CheckResult mx = result(
                "mx",
                "x.test",
                new Finding("MX_OK", Status.PASS, "ok", "tls"),
                Answers.ok("x.test", "MX", "10 mx.x.test."));

        List<CheckResult> marked = DnssecBlocking.mark("x.test", List.of(mx, good, a, b, domain));

        assertThat(marked)
                .extracting(CheckResult::target)
                .containsExactly("x.test", "good._domainkey.x.test", "_domainkey.x.test");
        CheckResult merged = marked.get(2);
        assertThat(merged.findings()).extracting(Finding::code).containsExactly("DNSSEC_BLOCKED", "DKIM_WEAK");
        assertThat(merged.findings().getFirst().message())
                .contains("the DKIM keys of 3 selectors could not be looked up");
        assertThat(merged.evidence().dns()).hasSize(3);
    }

    @Test
    void aFailureTheValidatorDidNotCauseIsNoOutage() {
        CheckResult dnssec = result(
                "dnssec",
                "x.test",
                new Finding("DNSSEC_BOGUS", Status.FAIL, "No DS record …", "dnssec-dane"),
                bogus("x.test"));

        assertThat(DnssecBlocking.mark("x.test", List.of(dnssec))).containsExactly(dnssec);
    }
}
