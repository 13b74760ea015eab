package dev.mailward.mitigations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Evidence;
import dev.mailward.checks.Finding;
import dev.mailward.checks.FindingCode;
import dev.mailward.checks.Mitigation;
import dev.mailward.checks.Status;
import dev.mailward.checks.dmarc.DmarcCode;
import dev.mailward.checks.mtasts.MtaStsCode;
import dev.mailward.checks.mx.MxCode;
import dev.mailward.checks.spf.SpfCode;
import dev.mailward.checks.tlsrpt.TlsRptCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordBuildersTests {

    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    static SpfRecordBuilder.Senders senders(List<String> mx, List<String> mxIps, List<SpfRecordBuilder.Include> inc) {
        return new SpfRecordBuilder.Senders("example.org", mx, mxIps, inc, List.of(), false);
    }

    @Test
    void spfAuthorisesMxAndKeepsIncludes() {
        var p = SpfRecordBuilder.build(senders(
                List.of("mx1.example.org", "mx2.example.org"),
                List.of("192.0.2.25"),
                List.of(new SpfRecordBuilder.Include("_spf.provider.example", 3))));
        assertThat(p.record()).isEqualTo("v=spf1 mx include:_spf.provider.example -all");
        assertThat(p.lookups()).isEqualTo(4);
        assertThat(p.withinLimits()).isTrue();
        assertThat(p.zoneLine()).isEqualTo("example.org. 3600 IN TXT \"v=spf1 mx include:_spf.provider.example -all\"");
    }

    @Test
    void spfReplacesMxByAddressesToStayUnderTenLookups() {
        var p = SpfRecordBuilder.build(senders(
                List.of("mx1.example.org"),
                List.of("192.0.2.25", "2001:DB8:0:0:0:0:0:25"),
                List.of(new SpfRecordBuilder.Include("a.example", 5), new SpfRecordBuilder.Include("b.example", 5))));
        assertThat(p.record())
                .isEqualTo("v=spf1 ip4:192.0.2.25 ip6:2001:db8::25 include:a.example include:b.example -all");
        assertThat(p.lookups()).isEqualTo(10);
        assertThat(p.withinLimits()).isTrue();
        assertThat(p.notes()).anyMatch(n -> n.contains("mx is replaced"));
    }

    @Test
    void spfSaysWhenItCannotStayUnderTheLimit() {
        var p = SpfRecordBuilder.build(senders(
                List.of("mx1.example.org"),
                List.of("192.0.2.25"),
                List.of(new SpfRecordBuilder.Include("a.example", 6), new SpfRecordBuilder.Include("b.example", 6))));
        assertThat(p.withinLimits()).isFalse();
        assertThat(p.lookups()).isEqualTo(12);
        assertThat(p.notes())
                .anyMatch(n -> n.contains("12 DNS-querying terms (limit 10") && n.contains("cannot stay under"));
    }

    @Test
    void spfForADomainWithoutSendersIsDashAll() {
        var p = SpfRecordBuilder.build(
                new SpfRecordBuilder.Senders("example.org", List.of(), List.of(), List.of(), List.of(), true));
        assertThat(p.record()).isEqualTo("v=spf1 -all");
        assertThat(p.notes()).anyMatch(n -> n.contains("sends no mail"));
    }

    @Test
    void spfRejectsHostileInputNamingIt() {
        assertThatThrownBy(() -> SpfRecordBuilder.build(new SpfRecordBuilder.Senders(
                        "example.org", List.of(), List.of(), List.of(), List.of("192.0.2.300"), false)))
                .hasMessageContaining("192.0.2.300");
        assertThatThrownBy(
                        () -> SpfRecordBuilder.build(senders(List.of("mx1.example.org \"-all"), List.of(), List.of())))
                .hasMessageContaining("mx1.example.org \"-all");
        assertThatThrownBy(() -> SpfRecordBuilder.build(new SpfRecordBuilder.Senders(
                        "example.org", List.of(), List.of(), List.of(), List.of("mail.example.org"), false)))
                .hasMessageContaining("mail.example.org");
    }

    @Test
    void longSpfRecordIsSplitIntoStringsOf255Octets() {
        List<String> ips = java.util.stream.IntStream.range(0, 40)
                .mapToObj(i -> "198.51.100." + i)
                .toList();
        var p = SpfRecordBuilder.build(
                new SpfRecordBuilder.Senders("example.org", List.of(), List.of(), List.of(), ips, false));
        assertThat(p.zoneLine()).startsWith("example.org. 3600 IN TXT ( \"v=spf1 ip4:198.51.100.0 ");
        assertThat(p.notes()).anyMatch(n -> n.contains("more than 450"));
    }

    @Test
    void dmarcBuildsEnforcingRecordWithPAfterV() {
        var p = DmarcRecordBuilder.build(DmarcRecordBuilder.Settings.enforcing(
                "example.org", List.of("dmarc@example.org", "mailto:reports@dmarc.example.net")));
        assertThat(p.record())
                .isEqualTo(
                        "v=DMARC1; p=reject; sp=reject; rua=mailto:dmarc@example.org,mailto:reports@dmarc.example.net");
        assertThat(p.name()).isEqualTo("_dmarc.example.org");
        assertThat(p.notes()).anyMatch(n -> n.contains("example.org._report._dmarc.dmarc.example.net"));
    }

    @Test
    void dmarcValidatesEveryTagAndNamesTheValue() {
        var bad = new DmarcRecordBuilder.Settings(
                "example.org",
                DmarcRecordBuilder.Policy.NONE,
                Optional.empty(),
                Optional.empty(),
                DmarcRecordBuilder.Alignment.STRICT,
                DmarcRecordBuilder.Alignment.RELAXED,
                List.of("ftp://reports.example"),
                List.of(),
                Optional.of("2"));
        assertThat(DmarcRecordBuilder.problems(bad))
                .anyMatch(p -> p.contains("ftp://reports.example"))
                .anyMatch(p -> p.contains("fo '2'"));
        assertThatThrownBy(() -> DmarcRecordBuilder.build(bad)).hasMessageContaining("ftp://reports.example");
    }

    @Test
    void dmarcStrictAlignmentAndMonitoringAreExplained() {
        var s = new DmarcRecordBuilder.Settings(
                "example.org",
                DmarcRecordBuilder.Policy.NONE,
                Optional.empty(),
                Optional.of(DmarcRecordBuilder.Policy.REJECT),
                DmarcRecordBuilder.Alignment.STRICT,
                DmarcRecordBuilder.Alignment.STRICT,
                List.of(),
                List.of("https://dmarc.example.org/ruf"),
                Optional.of("1"));
        var p = DmarcRecordBuilder.build(s);
        assertThat(p.record())
                .isEqualTo("v=DMARC1; p=none; np=reject; adkim=s; aspf=s; ruf=https://dmarc.example.org/ruf; fo=1");
        assertThat(p.notes()).anyMatch(n -> n.contains("only monitors")).anyMatch(n -> n.contains("Without rua"));
    }

    @Test
    void mtaStsPolicyAndRecordFromMxHosts() {
        var p = MtaStsPolicyBuilder.build(
                "Example.org",
                List.of("mx1.example.org.", "mx2.example.org"),
                MtaStsPolicyBuilder.Mode.ENFORCE,
                604800,
                NOW);
        assertThat(p.policyFile())
                .isEqualTo("version: STSv1\nmode: enforce\nmx: mx1.example.org\nmx: mx2.example.org\n"
                        + "max_age: 604800\n");
        assertThat(p.txtRecord()).isEqualTo("v=STSv1; id=20261127100000");
        assertThat(p.policyUrl()).isEqualTo("https://mta-sts.example.org/.well-known/mta-sts.txt");
        assertThat(p.toFixes().get(1).content())
                .isEqualTo("_mta-sts.example.org. 3600 IN TXT \"v=STSv1; id=20261127100000\"");
    }

    @Test
    void mtaStsRefusesNullMxAndOutOfRangeMaxAge() {
        assertThatThrownBy(() -> MtaStsPolicyBuilder.build(
                        "example.org", List.of(), MtaStsPolicyBuilder.Mode.TESTING, 604800, NOW))
                .hasMessageContaining("no MX host");
        assertThatThrownBy(() -> MtaStsPolicyBuilder.build(
                        "example.org", List.of("mx.example.org"), MtaStsPolicyBuilder.Mode.TESTING, 60, NOW))
                .hasMessageContaining("max_age 60");
    }

    @Test
    void tlsRptRecordFromReportingAddress() {
        var fix = TlsRptRecordBuilder.build("example.org", List.of("tlsrpt@example.org", "https://rpt.example.net/v1"));
        assertThat(fix.content())
                .isEqualTo(
                        "_smtp._tls.example.org. 3600 IN TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@example.org,https://rpt.example.net/v1\"");
        assertThatThrownBy(() -> TlsRptRecordBuilder.build("example.org", List.of("a,b@example.org")))
                .hasMessageContaining("a,b@example.org");
    }

    @Test
    void guideServiceBuildsFixesFromObservedEvidence() {
        var mx = mxResult();
        var spf = CheckResult.of(
                "spf",
                "example.org",
                List.of(warn(SpfCode.SPF_MX_NOT_AUTHORISED)),
                Evidence.builder()
                        .detail(
                                "spfTree",
                                Map.of(
                                        "domain",
                                        "example.org",
                                        "record",
                                        "v=spf1 mx ip4:198.51.100.7 include:_spf.provider.example ~all",
                                        "children",
                                        List.of(Map.of(
                                                "domain",
                                                "_spf.provider.example",
                                                "via",
                                                "include",
                                                "cumulativeLookups",
                                                2))))
                        .build(),
                NOW,
                Duration.ZERO);
        GuideService service = new GuideService(MitigationCatalogue.standard(), Clock.fixed(NOW, ZoneOffset.UTC));
        List<CheckResult> results = List.of(mx, spf, missingDmarc(), missingMtaSts(), missingTlsRpt());
        var fixes = service.fixesByMitigation("example.org", results);
        assertThat(fixes.get(Mitigation.SPF_DKIM))
                .singleElement()
                .satisfies(
                        f -> assertThat(f.content())
                                .isEqualTo(
                                        "example.org. 3600 IN TXT \"v=spf1 ip4:198.51.100.7 mx include:_spf.provider.example -all\""));
        assertThat(fixes.get(Mitigation.TLS))
                .extracting(GeneratedFix::content)
                .anyMatch(c -> c.contains("mx: mx1.example.org") && c.contains("mode: testing"))
                .anyMatch(c -> c.contains("v=TLSRPTv1; rua=mailto:tlsrpt@example.org"));
        assertThat(service.fixesFor(Mitigation.LAYERED_AUTH, "example.org", results))
                .singleElement()
                .satisfies(f -> assertThat(f.content()).contains("p=reject; sp=reject"));
    }

    @Test
    void nothingObservedGivesNoFixAndAnUnmeasuredMxNoSpfRecord() {
        // a guide opened before the first scan: no "v=spf1 -all" for a domain that may well send mail
        assertThat(FixGenerator.generate("example.org", List.of(), NOW)).isEmpty();
        var mxFailed = CheckResult.of(
                "mx",
                "example.org",
                List.of(Finding.of(MxCode.MX_LOOKUP_FAILED, Status.ERROR, "timeout")),
                Evidence.empty(),
                NOW,
                Duration.ZERO);
        var noSpf = CheckResult.of(
                "spf", "example.org", List.of(fail(SpfCode.SPF_NO_RECORD)), Evidence.empty(), NOW, Duration.ZERO);
        assertThat(FixGenerator.generate("example.org", List.of(missingDmarc(), noSpf, mxFailed), NOW))
                .extracting(FixGenerator.Generated::check)
                .containsExactly("dmarc");
        // the fixes answering a FAIL come before those answering a WARN
        assertThat(FixGenerator.generate(
                        "example.org",
                        List.of(missingTlsRpt(), missingMtaSts(), missingDmarc(), noSpf, mxResult()),
                        NOW))
                .extracting(g -> g.check() + " " + g.answers())
                .containsExactly("spf FAIL", "dmarc FAIL", "mta-sts WARN", "mta-sts WARN", "tls-rpt WARN");
    }

    @Test
    void aDomainWithoutMxRecordsGetsItsOwnAddressesNotAnMxTerm() {
        var mx = CheckResult.of(
                "mx",
                "example.org",
                List.of(Finding.of(MxCode.MX_NONE_IMPLICIT, Status.WARN, "implicit")),
                Evidence.builder()
                        .detail(
                                "mxHosts",
                                List.of(Map.of(
                                        "preference",
                                        0,
                                        "host",
                                        "example.org",
                                        "addresses",
                                        List.of("192.0.2.7", "2001:db8::7"),
                                        "cname",
                                        false)))
                        .build(),
                NOW,
                Duration.ZERO);
        var noSpf = CheckResult.of(
                "spf", "example.org", List.of(fail(SpfCode.SPF_NO_RECORD)), Evidence.empty(), NOW, Duration.ZERO);
        GeneratedFix spf = FixGenerator.generate("example.org", List.of(mx, noSpf), NOW).stream()
                .filter(g -> g.check().equals("spf"))
                .findFirst()
                .orElseThrow()
                .fix();
        assertThat(spf.content()).isEqualTo("example.org. 3600 IN TXT \"v=spf1 ip4:192.0.2.7 ip6:2001:db8::7 -all\"");
        assertThat(spf.explanation()).contains("an mx term matches nothing without MX records (RFC 7208 §5.4)");
    }

    @Test
    void termsTheProposalCannotCarryAreNamed() {
        var mx = mxResult();
        var spf = CheckResult.of(
                "spf",
                "example.org",
                List.of(warn(SpfCode.SPF_PTR_USED)),
                Evidence.builder()
                        .detail(
                                "spfTree",
                                Map.of(
                                        "domain",
                                        "example.org",
                                        "record",
                                        "v=spf1 a mx ip4:198.51.100.7 exists:%{i}.spf.example.org"
                                                + " include:_spf.provider.example ~all redirect=_spf.example.net",
                                        "children",
                                        List.of(Map.of(
                                                "domain",
                                                "_spf.provider.example",
                                                "via",
                                                "include",
                                                "cumulativeLookups",
                                                2))))
                        .build(),
                NOW,
                Duration.ZERO);
        GeneratedFix fix = FixGenerator.generate("example.org", List.of(mx, spf), NOW).stream()
                .filter(g -> g.check().equals("spf"))
                .findFirst()
                .orElseThrow()
                .fix();
        // a (one lookup) is carried; exists with a macro and redirect= are named
        assertThat(fix.content()).contains("v=spf1 ip4:198.51.100.7 mx a include:_spf.provider.example -all");
        assertThat(fix.explanation())
                .contains("5 of 10 DNS lookups used")
                .contains("Not carried over from the current record")
                .contains(": exists:%{i}.spf.example.org redirect=_spf.example.net. Add them back");
        // a record the proposal carries whole gets no such note
        var plain = CheckResult.of(
                "spf",
                "example.org",
                List.of(warn(SpfCode.SPF_PTR_USED)),
                Evidence.builder()
                        .detail(
                                "spfTree",
                                Map.of(
                                        "domain",
                                        "example.org",
                                        "record",
                                        "v=spf1 +mx ip4:192.0.2.1 include:_spf.provider.example ?all",
                                        "children",
                                        List.of(Map.of(
                                                "domain",
                                                "_spf.provider.example",
                                                "via",
                                                "include",
                                                "cumulativeLookups",
                                                2))))
                        .build(),
                NOW,
                Duration.ZERO);
        assertThat(FixGenerator.generate("example.org", List.of(mx, plain), NOW)
                        .getFirst()
                        .fix()
                        .explanation())
                .doesNotContain("Not carried over")
                .doesNotContain("ptr");
        var withPtr = CheckResult.of(
                "spf",
                "example.org",
                List.of(warn(SpfCode.SPF_PTR_USED)),
                Evidence.builder()
                        .detail(
                                "spfTree",
                                Map.of("domain", "example.org", "record", "v=spf1 mx ptr:relay.example.org -all"))
                        .build(),
                NOW,
                Duration.ZERO);
        assertThat(FixGenerator.generate("example.org", List.of(mx, withPtr), NOW)
                        .getFirst()
                        .fix()
                        .explanation())
                .contains(": ptr:relay.example.org. Add them back")
                .contains("(ptr is slow and deprecated, RFC 7208 §5.5: list those hosts' addresses instead).");
    }

    @Test
    void hostTermsCostALookupEachAndAreValidated() {
        var p = SpfRecordBuilder.build(new SpfRecordBuilder.Senders(
                "example.org",
                List.of("mx1.example.org"),
                List.of("192.0.2.25"),
                List.of(new SpfRecordBuilder.Include("_spf.provider.example", 8)),
                List.of(),
                List.of("A", "a:web.example.org", "mx:backup.example.net", "a"),
                false));
        // 8 (include) + 3 host terms + mx = 12: mx gives way to its address, still 11 > 10
        assertThat(p.record())
                .isEqualTo("v=spf1 ip4:192.0.2.25 a a:web.example.org mx:backup.example.net"
                        + " include:_spf.provider.example -all");
        assertThat(p.lookups()).isEqualTo(11);
        assertThat(p.withinLimits()).isFalse();
        assertThatThrownBy(() -> SpfRecordBuilder.build(new SpfRecordBuilder.Senders(
                        "example.org", List.of(), List.of(), List.of(), List.of(), List.of("a:bad name"), false)))
                .hasMessageContaining("bad name");
        assertThatThrownBy(() -> SpfRecordBuilder.build(new SpfRecordBuilder.Senders(
                        "example.org", List.of(), List.of(), List.of(), List.of(), List.of("exists:x.example"), false)))
                .hasMessageContaining("exists:x.example");
    }

    @Test
    void nullMxDomainGetsNonSendingRecordsOnly() {
        var mx = CheckResult.of(
                "mx",
                "example.org",
                List.of(Finding.of(MxCode.MX_NULL, Status.PASS, "null MX")),
                Evidence.empty(),
                NOW,
                Duration.ZERO);
        GuideService service = new GuideService(MitigationCatalogue.standard(), Clock.fixed(NOW, ZoneOffset.UTC));
        var noSpf = CheckResult.of(
                "spf", "example.org", List.of(fail(SpfCode.SPF_NO_RECORD)), Evidence.empty(), NOW, Duration.ZERO);
        var fixes = service.fixesByMitigation("example.org", List.of(mx, noSpf, missingDmarc()));
        assertThat(fixes.keySet()).containsExactlyInAnyOrder(Mitigation.SPF_DKIM, Mitigation.LAYERED_AUTH);
        assertThat(fixes.get(Mitigation.SPF_DKIM).getFirst().content()).contains("\"v=spf1 -all\"");
    }

    static Finding warn(FindingCode code) {
        return Finding.of(code, Status.WARN, code.name());
    }

    static Finding fail(FindingCode code) {
        return Finding.of(code, Status.FAIL, code.name());
    }

    /** No DMARC record at _dmarc.example.org (FAIL). */
    static CheckResult missingDmarc() {
        return CheckResult.of(
                "dmarc", "example.org", List.of(fail(DmarcCode.DMARC_MISSING)), Evidence.empty(), NOW, Duration.ZERO);
    }

    static CheckResult missingMtaSts() {
        return CheckResult.of(
                "mta-sts",
                "example.org",
                List.of(warn(MtaStsCode.MTASTS_NOT_DEPLOYED)),
                Evidence.empty(),
                NOW,
                Duration.ZERO);
    }

    static CheckResult missingTlsRpt() {
        return CheckResult.of(
                "tls-rpt",
                "example.org",
                List.of(warn(TlsRptCode.TLSRPT_MISSING)),
                Evidence.empty(),
                NOW,
                Duration.ZERO);
    }

    /** An mx result of example.org: one MX host, mx1.example.org at 192.0.2.25. */
    private static CheckResult mxResult() {
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
