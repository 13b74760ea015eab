package dev.mailward.mitigations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Evidence;
import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import dev.mailward.checks.mx.MxCode;
import dev.mailward.checks.spf.SpfCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The generated SPF record naming the senders the DMARC reports saw pass DKIM while SPF failed: only when asked
 * for, as ip4/ip6 terms (no DNS lookup), at most ten by volume, collapsed into exact CIDR blocks, labelled.
 */
class SeenSendersSpfTests {

    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");

    @Test
    void collapsesSiblingAddressesIntoExactBlocksAndNeverWidens() {
        assertThat(AddressBlocks.collapse(
                        List.of("192.0.2.1", "192.0.2.0", "192.0.2.2", "192.0.2.3", "198.51.100.9", "2001:db8::1")))
                .containsExactly("192.0.2.0/30", "198.51.100.9", "2001:db8::1");
        // 192.0.2.1 and 192.0.2.2 are neighbours but not siblings: a /31 would also allow 192.0.2.0 or .3
        assertThat(AddressBlocks.collapse(List.of("192.0.2.1", "192.0.2.2"))).containsExactly("192.0.2.1", "192.0.2.2");
        assertThat(AddressBlocks.collapse(List.of("2001:db8::", "2001:db8::1", "192.0.2.7", "192.0.2.7")))
                .containsExactly("192.0.2.7", "2001:db8::/127");
        // names are never resolved, garbage is left out
        assertThat(AddressBlocks.collapse(List.of("mail.example.org", "", "192.0.2.300")))
                .isEmpty();
    }

    @Test
    void sendersSeenInReportsAreAddedOnlyWhenAskedForWithTheirLabel() {
        List<CheckResult> results = List.of(mx(), spf("v=spf1 mx ~all", Status.WARN));
        List<FixGenerator.SeenSender> seen = List.of(
                new FixGenerator.SeenSender("203.0.113.10", 500), new FixGenerator.SeenSender("2001:db8:5::25", 40));

        GeneratedFix without = spfFix(FixGenerator.generate("example.org", results, NOW));
        assertThat(without.content()).doesNotContain("203.0.113.10");
        assertThat(without.explanation()).doesNotContain(SpfFixes.SEEN_LABEL);

        GeneratedFix with = spfFix(FixGenerator.generate("example.org", results, NOW, seen));
        assertThat(with.content())
                .isEqualTo("example.org. 3600 IN TXT \"v=spf1 ip4:203.0.113.10 ip6:2001:db8:5::25 mx -all\"");
        assertThat(with.explanation())
                .contains("seen in DMARC reports, sending with a valid DKIM signature")
                .contains("(540 messages): ip4:203.0.113.10 ip6:2001:db8:5::25")
                // ip4/ip6 cost nothing: the record stays at the one lookup of mx, and the added senders pass
                .contains("1 of 10 DNS lookups")
                .contains("all 3 sender addresses of the current record pass");
    }

    @Test
    void aDomainWhoseSpfPassesGetsTheRecordWhenItAsksForTheSeenSenders() {
        List<CheckResult> results = List.of(mx(), spf("v=spf1 mx -all", Status.PASS));
        assertThat(FixGenerator.generate("example.org", results, NOW))
                .noneMatch(g -> g.check().equals("spf"));
        GeneratedFix fix = spfFix(FixGenerator.generate(
                "example.org", results, NOW, List.of(new FixGenerator.SeenSender("203.0.113.10", 5))));
        assertThat(fix.content()).contains("v=spf1 ip4:203.0.113.10 mx -all");
    }

    @Test
    void atMostTenSendersByVolumeAreAdded() {
        List<FixGenerator.SeenSender> seen = new ArrayList<>();
        for (int i = 1; i <= 15; i++) {
            // odd last octets: no two are siblings, so nothing collapses
            seen.add(new FixGenerator.SeenSender("198.51.100." + (2 * i + 1), i));
        }
        GeneratedFix fix = spfFix(
                FixGenerator.generate("example.org", List.of(mx(), spf("v=spf1 mx ~all", Status.WARN)), NOW, seen));
        assertThat(fix.content())
                .contains("ip4:198.51.100.31", "ip4:198.51.100.13")
                .doesNotContain("ip4:198.51.100.11 ");
        assertThat(fix.content().split("ip4:")).hasSize(11);
    }

    private static GeneratedFix spfFix(List<FixGenerator.Generated> fixes) {
        return fixes.stream()
                .filter(g -> g.check().equals("spf"))
                .findFirst()
                .orElseThrow()
                .fix();
    }

    private static CheckResult spf(String record, Status status) {
        return CheckResult.of(
                "spf",
                "example.org",
                List.of(Finding.of(
                        status == Status.PASS ? SpfCode.SPF_ALL_ENFORCED : SpfCode.SPF_ALL_SOFTFAIL, status, "spf")),
                Evidence.builder()
                        .detail("spfTree", Map.of("domain", "example.org", "record", record))
                        .build(),
                NOW,
                Duration.ZERO);
    }

    private static CheckResult mx() {
        return CheckResult.of(
                "mx",
                "example.org",
                List.of(Finding.of(MxCode.MX_OK, Status.PASS, "ok")),
                Evidence.builder()
                        .detail(
                                "mxHosts",
                                List.of(Map.of("host", "mx1.example.org", "addresses", List.of("192.0.2.25"))))
                        .build(),
                NOW,
                Duration.ZERO);
    }
}
