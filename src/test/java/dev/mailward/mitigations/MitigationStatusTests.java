package dev.mailward.mitigations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Evidence;
import dev.mailward.checks.Finding;
import dev.mailward.checks.Mitigation;
import dev.mailward.checks.Status;
import dev.mailward.checks.dkim.DkimCode;
import dev.mailward.checks.dmarc.DmarcCode;
import dev.mailward.checks.mtasts.MtaStsCode;
import dev.mailward.checks.spf.SpfCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MitigationStatusTests {

    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    static CheckResult result(String check, String target, Finding... findings) {
        return CheckResult.of(check, target, List.of(findings), Evidence.empty(), NOW, Duration.ZERO);
    }

    static MitigationStatus statusOf(Mitigation m, List<CheckResult> results, List<AcceptedException> exceptions) {
        return MitigationRules.assess(
                        results, exceptions, MitigationCatalogue.standard().weights(), NOW)
                .status(m);
    }

    @Test
    void nothingMeasuredIsNotMeasuredNotNotApplicable() {
        assertThat(statusOf(Mitigation.NO_OPEN_RELAY, List.of(), List.of())).isEqualTo(MitigationStatus.NOT_MEASURED);
        assertThat(MitigationRules.status(List.of())).isEqualTo(MitigationStatus.NOT_MEASURED);
    }

    @Test
    void worstApplicableFindingWins() {
        var results = List.of(
                result(
                        "spf",
                        "example.org",
                        Finding.of(SpfCode.SPF_ALL_ENFORCED, Status.PASS, "-all"),
                        Finding.of(SpfCode.SPF_LOOKUPS_NEAR_LIMIT, Status.WARN, "9 lookups")),
                result(
                        "dkim",
                        "s1._domainkey.example.org",
                        Finding.of(DkimCode.DKIM_KEY_RSA_WEAK, Status.FAIL, "512 bits")));
        assertThat(statusOf(Mitigation.SPF_DKIM, results, List.of())).isEqualTo(MitigationStatus.FAIL);
    }

    @Test
    void errorBesidePassesIsErrorNeverPass() {
        var results = List.of(result(
                "spf",
                "example.org",
                Finding.of(SpfCode.SPF_ALL_ENFORCED, Status.PASS, "-all"),
                Finding.of(SpfCode.SPF_DNS_ERROR, Status.ERROR, "TXT lookup of x.example timed out")));
        assertThat(statusOf(Mitigation.SPF_DKIM, results, List.of())).isEqualTo(MitigationStatus.ERROR);
    }

    @Test
    void failOutranksError() {
        var results = List.of(result(
                "spf",
                "example.org",
                Finding.of(SpfCode.SPF_DNS_ERROR, Status.ERROR, "timeout"),
                Finding.of(SpfCode.SPF_PERMISSIVE_ALL, Status.FAIL, "+all")));
        assertThat(statusOf(Mitigation.SPF_DKIM, results, List.of())).isEqualTo(MitigationStatus.FAIL);
    }

    @Test
    void onlyNotApplicableFindingsMakeItNotApplicable() {
        var results = List.of(result(
                "mta-sts", "example.org", Finding.of(MtaStsCode.MTASTS_NULL_MX, Status.NOT_APPLICABLE, "null MX")));
        assertThat(statusOf(Mitigation.TLS, results, List.of())).isEqualTo(MitigationStatus.NOT_APPLICABLE);
    }

    @Test
    void acceptedExceptionShowsAsAcceptedNotAsPass() {
        var results = List.of(result(
                "dmarc",
                "example.org",
                Finding.of(DmarcCode.DMARC_NO_RUA, Status.WARN, "no rua"),
                Finding.of(DmarcCode.DMARC_POLICY_REJECT, Status.PASS, "p=reject")));
        var accepted = AcceptedException.forCode(
                "DMARC_NO_RUA", "reports handled by the provider", NOW.plus(Duration.ofDays(30)));
        assertThat(statusOf(Mitigation.LAYERED_AUTH, results, List.of(accepted)))
                .isEqualTo(MitigationStatus.ACCEPTED);
        MitigationAssessment a = MitigationRules.assess(
                        results,
                        List.of(accepted),
                        MitigationCatalogue.standard().weights(),
                        NOW)
                .mitigations()
                .get(Mitigation.LAYERED_AUTH);
        assertThat(a.accepted()).extracting(o -> o.finding().code()).containsExactly("DMARC_NO_RUA");
        assertThat(a.accepted().getFirst().acceptedBy().orElseThrow().reason())
                .isEqualTo("reports handled by the provider");
    }

    @Test
    void expiredExceptionNoLongerApplies() {
        var results =
                List.of(result("dmarc", "example.org", Finding.of(DmarcCode.DMARC_UNENFORCED, Status.FAIL, "p=none")));
        var expired = AcceptedException.forCode("DMARC_UNENFORCED", "migration", NOW);
        assertThat(statusOf(Mitigation.LAYERED_AUTH, results, List.of(expired))).isEqualTo(MitigationStatus.FAIL);
    }

    @Test
    void unacceptedFailureStillWinsOverAcceptedOne() {
        var results = List.of(result(
                "dmarc",
                "example.org",
                Finding.of(DmarcCode.DMARC_UNENFORCED, Status.FAIL, "p=none"),
                Finding.of(DmarcCode.DMARC_NO_RUA, Status.WARN, "no rua")));
        var accepted = AcceptedException.forCode("DMARC_NO_RUA", "provider", NOW.plusSeconds(60));
        assertThat(statusOf(Mitigation.LAYERED_AUTH, results, List.of(accepted)))
                .isEqualTo(MitigationStatus.FAIL);
    }

    @Test
    void exceptionLimitedToATargetCoversOnlyThatTarget() {
        var results = List.of(
                result(
                        "ptr",
                        "192.0.2.1",
                        Finding.of(dev.mailward.checks.rdns.PtrCode.PTR_MISSING, Status.FAIL, "no PTR")),
                result(
                        "ptr",
                        "192.0.2.2",
                        Finding.of(dev.mailward.checks.rdns.PtrCode.PTR_MISSING, Status.FAIL, "no PTR")));
        var onlyFirst = new AcceptedException(
                "PTR_MISSING", Optional.of("192.0.2.1"), "backup MX, receive only", NOW.plusSeconds(3600));
        assertThat(statusOf(Mitigation.REPUTATION, results, List.of(onlyFirst))).isEqualTo(MitigationStatus.FAIL);
        var both = AcceptedException.forCode("PTR_MISSING", "lab", NOW.plusSeconds(3600));
        assertThat(statusOf(Mitigation.REPUTATION, results, List.of(both))).isEqualTo(MitigationStatus.ACCEPTED);
    }

    @Test
    void anExceptionOfOneResultCoversOnlyThatCheckAndThatTarget() {
        var results = List.of(
                result(
                        "ptr",
                        "192.0.2.1",
                        Finding.of(dev.mailward.checks.rdns.PtrCode.PTR_MISSING, Status.FAIL, "no PTR")),
                result(
                        "rdns",
                        "192.0.2.1",
                        Finding.of(dev.mailward.checks.rdns.PtrCode.PTR_MISSING, Status.FAIL, "no PTR")));
        var ptrOnly = AcceptedException.forResult("ptr", "192.0.2.1", "PTR_MISSING", "backup MX", NOW.plusSeconds(60));
        DomainAssessment a = MitigationRules.assess(
                results, List.of(ptrOnly), MitigationCatalogue.standard().weights(), NOW);
        assertThat(a.mitigations().get(Mitigation.REPUTATION).findings())
                .extracting(ObservedFinding::check, ObservedFinding::accepted)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("ptr", true),
                        org.assertj.core.groups.Tuple.tuple("rdns", false));
        assertThat(a.status(Mitigation.REPUTATION)).isEqualTo(MitigationStatus.FAIL);
        var otherCase = AcceptedException.forResult("ptr", "MX1.example.org", "PTR_MISSING", "x", NOW.plusSeconds(60));
        var onHost = List.of(result(
                "ptr",
                "mx1.example.org",
                Finding.of(dev.mailward.checks.rdns.PtrCode.PTR_MISSING, Status.FAIL, "no PTR")));
        assertThat(statusOf(Mitigation.REPUTATION, onHost, List.of(otherCase))).isEqualTo(MitigationStatus.FAIL);
    }

    @Test
    void anAcceptedFindingHoldsThroughItsExpiryDayInUtc() {
        // the one expiry rule (results' AcceptedFinding#endsAt) as dashboards and reports hand it to the assessment
        var finding = new dev.mailward.results.AcceptedFinding(
                1,
                2,
                "dmarc",
                "example.org",
                "DMARC_UNENFORCED",
                "migration",
                java.time.LocalDate.parse("2026-11-30"),
                "admin",
                NOW,
                dev.mailward.results.ExceptionScope.TARGET);
        var results =
                List.of(result("dmarc", "example.org", Finding.of(DmarcCode.DMARC_UNENFORCED, Status.FAIL, "p=none")));
        var x = AcceptedException.forResult(
                finding.check(), finding.target(), finding.code(), finding.reason(), finding.endsAt());
        var weights = MitigationCatalogue.standard().weights();
        assertThat(MitigationRules.assess(results, List.of(x), weights, Instant.parse("2026-11-30T23:59:59.999Z"))
                        .status(Mitigation.LAYERED_AUTH))
                .isEqualTo(MitigationStatus.ACCEPTED);
        assertThat(MitigationRules.assess(results, List.of(x), weights, Instant.parse("2026-12-01T00:00:00Z"))
                        .status(Mitigation.LAYERED_AUTH))
                .isEqualTo(MitigationStatus.FAIL);
    }

    @Test
    void findingsOfUnknownMitigationsAreIgnored() {
        var results =
                List.of(result("future", "example.org", new Finding("FUTURE_CODE", Status.FAIL, "x", "quantum-safe")));
        DomainAssessment a = MitigationRules.assess(
                results, List.of(), MitigationCatalogue.standard().weights(), NOW);
        assertThat(a.mitigations().values()).allMatch(m -> m.status() == MitigationStatus.NOT_MEASURED);
    }

    @Test
    void acceptedExceptionNeedsAReason() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AcceptedException.forCode("X_Y", " ", NOW))
                .hasMessageContaining("X_Y");
    }
}
