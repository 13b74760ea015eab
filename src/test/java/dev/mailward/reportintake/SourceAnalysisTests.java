package dev.mailward.reportintake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.dmarc.PublicSuffixList;
import dev.mailward.reportintake.DmarcSummary.Kind;
import dev.mailward.reportintake.DmarcSummary.SourceDetail;
import dev.mailward.reportintake.DmarcSummary.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The judging rules without DNS or database: a known forwarder only with a forward-confirmed PTR name and never
 * when our SPF passes for it, the thresholds of legitimacy and of the verdicts, and the ASN file's ranges.
 */
class SourceAnalysisTests {

    private static final String DOMAIN = "example.org";
    private final SourceAnalysis rules = new SourceAnalysis(
            PublicSuffixList.bundled(), List.of("google.com", "Outlook.com "), (key, args) -> key + args);

    private static AnalysisStore.SourceFacts facts(String ip, long messages, long passing, long spf, long dkim) {
        return new AnalysisStore.SourceFacts(
                ip, messages, passing, spf, dkim, spf, List.of(DOMAIN), List.of(), List.of(), List.of());
    }

    private SourceDetail judge(AnalysisStore.SourceFacts f, SourceOrigin origin, long total) {
        return rules.classify(DOMAIN, List.of(f), Map.of(f.ip(), origin), total).getFirst();
    }

    @Test
    void aKnownForwarderNeedsAForwardConfirmedNameAndIsNeverOneOfOurSpfSenders() {
        SourceOrigin google = new SourceOrigin("mail-a1.google.com", "google.com", true, 0, null, null);
        SourceOrigin claimed = new SourceOrigin("mail-a1.google.com", "google.com", false, 0, null, null);
        SourceOrigin outlook = new SourceOrigin("x.eur.protection.outlook.com", "outlook.com", true, 0, null, null);
        assertThat(judge(facts("192.0.2.1", 10, 0, 0, 0), google, 100).kind()).isEqualTo(Kind.FORWARDED);
        assertThat(judge(facts("192.0.2.1", 10, 0, 0, 0), outlook, 100).kind()).isEqualTo(Kind.FORWARDED);
        assertThat(judge(facts("192.0.2.1", 10, 0, 0, 0), claimed, 100).kind()).isEqualTo(Kind.UNAUTHENTICATED);
        assertThat(judge(facts("192.0.2.1", 10, 10, 10, 0), google, 100).kind()).isEqualTo(Kind.AUTHENTICATED);
    }

    @Test
    void anUnauthenticatedSourceIsLegitimateOnlyWithAShareAndAConfirmedOrganisation() {
        SourceOrigin esp = new SourceOrigin("o1.esp.example", "esp.example", true, 0, null, null);
        SourceDetail big = judge(facts("192.0.2.2", 20, 0, 0, 0), esp, 1000);
        assertThat(big.legitimate()).isTrue();
        assertThat(big.fixes()).extracting(DmarcSummary.Fix::code).containsExactly("SPF_ADD", "DKIM_SIGN");
        assertThat(big.fixes().getFirst().args()).containsExactly("ip4:192.0.2.2", "esp.example", DOMAIN);
        assertThat(judge(facts("192.0.2.2", 19, 0, 0, 0), esp, 1000).legitimate())
                .as("below 2 %")
                .isFalse();
        assertThat(judge(facts("192.0.2.2", 9, 0, 0, 0), esp, 100).legitimate())
                .as("below 10")
                .isFalse();
        assertThat(judge(facts("2001:db8::2", 20, 0, 0, 0), esp, 100)
                        .fixes()
                        .getFirst()
                        .args())
                .startsWith("ip6:2001:db8::2");
    }

    @Test
    void verdictsNeedSevenDaysAndThreeReportsAndTolerateOnePercent() {
        SourceOrigin none = SourceOrigin.UNKNOWN;
        List<SourceDetail> mostlyPassing = rules.classify(
                DOMAIN, List.of(facts("192.0.2.3", 1000, 990, 990, 990)), Map.of("192.0.2.3", none), 1000);
        List<SourceDetail> failing = rules.classify(
                DOMAIN, List.of(facts("192.0.2.3", 1000, 989, 989, 989)), Map.of("192.0.2.3", none), 1000);
        DmarcSummary.Coverage enough = new DmarcSummary.Coverage(3, 7, 1);
        assertThat(rules.rejectVerdict(enough, mostlyPassing, null).state()).isEqualTo(State.READY);
        assertThat(rules.rejectVerdict(enough, failing, null).state()).isEqualTo(State.NOT_READY);
        assertThat(rules.rejectVerdict(new DmarcSummary.Coverage(3, 6, 1), mostlyPassing, null)
                        .state())
                .isEqualTo(State.NOT_ENOUGH_DATA);
        assertThat(rules.rejectVerdict(new DmarcSummary.Coverage(2, 7, 1), mostlyPassing, null)
                        .state())
                .isEqualTo(State.NOT_ENOUGH_DATA);

        TlsSummary tls = new TlsSummary(1, DOMAIN, null, null, 990, 10, List.of(), List.of());
        List<TlsSummary.ResultTotal> benign = SourceAnalysis.resultTotals(List.of(Map.entry("dnssec-invalid", 10L)));
        assertThat(benign.getFirst().blocking()).isFalse();
        assertThat(rules.enforceVerdict(tls, enough, benign).state()).isEqualTo(State.READY);
        TlsSummary worse = new TlsSummary(1, DOMAIN, null, null, 989, 11, List.of(), List.of());
        assertThat(rules.enforceVerdict(worse, enough, benign).state()).isEqualTo(State.NOT_READY);
        List<TlsSummary.ResultTotal> expired =
                SourceAnalysis.resultTotals(List.of(Map.entry("certificate-expired", 1L)));
        assertThat(rules.enforceVerdict(tls, enough, expired).state()).isEqualTo(State.NOT_READY);
    }

    @Test
    void theAsnFileIsSearchedByRangeForBothFamilies(@TempDir Path dir) throws IOException {
        Path tsv = Files.writeString(dir.resolve("ip2asn-v4.tsv"), """
                1.0.0.0\t1.0.0.255\t13335\tUS\tCLOUDFLARENET
                1.0.4.0\t1.0.7.255\t38803\tAU\tWPL-AS-AP Wirefreebroadband Pty Ltd
                255.255.255.0\t255.255.255.255\t64512\tZZ\tTOP
                2c0f:fff0::\t2c0f:fff0:ffff:ffff:ffff:ffff:ffff:ffff\t37125\tNG\tLAYER3-AS
                garbage
                """);
        AsnDatabase db = AsnDatabase.load(tsv, 100);
        assertThat(db.size()).isEqualTo(4);
        assertThat(db.skipped()).isEqualTo(1);
        assertThat(db.find("1.0.0.7")).map(AsnDatabase.Asn::number).contains(13335L);
        assertThat(db.find("1.0.3.1")).isEmpty();
        assertThat(db.find("1.0.7.255")).map(AsnDatabase.Asn::country).contains("AU");
        assertThat(db.find("255.255.255.255")).map(AsnDatabase.Asn::number).contains(64512L);
        assertThat(db.find("2c0f:fff0::1")).map(AsnDatabase.Asn::description).contains("LAYER3-AS");
        assertThat(db.find("not-an-address")).isEmpty();
        assertThat(AsnDatabase.load(tsv, 2).size()).as("bounded").isEqualTo(2);
    }
}
