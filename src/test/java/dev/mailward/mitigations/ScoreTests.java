package dev.mailward.mitigations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailward.checks.Mitigation;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoreTests {

    static final Map<Mitigation, Integer> WEIGHTS =
            MitigationCatalogue.standard().weights();

    static Map<Mitigation, MitigationStatus> statuses(Object... pairs) {
        Map<Mitigation, MitigationStatus> m = new EnumMap<>(Mitigation.class);
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((Mitigation) pairs[i], (MitigationStatus) pairs[i + 1]);
        }
        return m;
    }

    @Test
    void catalogueWeightsFavourRelayTlsAndAuthentication() {
        assertThat(WEIGHTS.get(Mitigation.NO_OPEN_RELAY)).isEqualTo(5);
        assertThat(WEIGHTS.get(Mitigation.TLS)).isEqualTo(4);
        assertThat(WEIGHTS.get(Mitigation.SPF_DKIM)).isEqualTo(4);
        assertThat(WEIGHTS.get(Mitigation.LAYERED_AUTH)).isEqualTo(4);
        assertThat(WEIGHTS.get(Mitigation.DNSSEC_DANE)).isEqualTo(3);
        assertThat(WEIGHTS.get(Mitigation.SIEVE)).isEqualTo(1);
        assertThat(WEIGHTS).hasSize(13);
    }

    @Test
    void scoreIsWeightedShareOfPassingAmongMeasuredAndApplicable() {
        // spf-dkim 4 PASS, tls 4 FAIL, dnssec-dane 3 PASS; the rest not measured
        ScoreBreakdown s = MitigationRules.score(
                statuses(
                        Mitigation.SPF_DKIM,
                        MitigationStatus.PASS,
                        Mitigation.TLS,
                        MitigationStatus.FAIL,
                        Mitigation.DNSSEC_DANE,
                        MitigationStatus.PASS),
                WEIGHTS);
        assertThat(s.countedWeight()).isEqualTo(11);
        assertThat(s.earnedWeight()).isEqualTo(7.0);
        assertThat(s.percent()).hasValue(64); // 7/11 = 63.6 %
        assertThat(s.explanation())
                .isEqualTo("Score = (spf-dkim PASS 4×1 + dnssec-dane PASS 3×1 + tls FAIL 4×0) / 11 = 7 / 11 = 64%");
    }

    @Test
    void errorNeverRaisesTheScore() {
        ScoreBreakdown withoutError = MitigationRules.score(
                statuses(Mitigation.SPF_DKIM, MitigationStatus.PASS, Mitigation.TLS, MitigationStatus.FAIL), WEIGHTS);
        ScoreBreakdown withError = MitigationRules.score(
                statuses(
                        Mitigation.SPF_DKIM,
                        MitigationStatus.PASS,
                        Mitigation.TLS,
                        MitigationStatus.FAIL,
                        Mitigation.LAYERED_AUTH,
                        MitigationStatus.ERROR),
                WEIGHTS);
        assertThat(withError.percent().getAsInt())
                .isLessThan(withoutError.percent().getAsInt());
        assertThat(withError.lines())
                .filteredOn(l -> l.mitigation() == Mitigation.LAYERED_AUTH)
                .singleElement()
                .satisfies(l -> {
                    assertThat(l.counted()).isTrue();
                    assertThat(l.earned()).isZero();
                });
    }

    @Test
    void notApplicableAndNotMeasuredAreLeftOut() {
        ScoreBreakdown s = MitigationRules.score(
                statuses(Mitigation.SPF_DKIM, MitigationStatus.PASS, Mitigation.TLS, MitigationStatus.NOT_APPLICABLE),
                WEIGHTS);
        assertThat(s.percent()).hasValue(100);
        assertThat(s.countedWeight()).isEqualTo(4);
        assertThat(s.lines()).hasSize(13);
        assertThat(s.lines()).filteredOn(ScoreBreakdown.Line::counted).hasSize(1);
    }

    @Test
    void warnAndAcceptedEarnHalfTheirWeight() {
        ScoreBreakdown s = MitigationRules.score(
                statuses(
                        Mitigation.SPF_DKIM, MitigationStatus.WARN, Mitigation.LAYERED_AUTH, MitigationStatus.ACCEPTED),
                WEIGHTS);
        assertThat(s.earnedWeight()).isEqualTo(4.0);
        assertThat(s.percent()).hasValue(50);
    }

    @Test
    void nothingCountedGivesNoScoreRatherThanZeroOrHundred() {
        ScoreBreakdown s = MitigationRules.score(statuses(), WEIGHTS);
        assertThat(s.percent()).isEmpty();
        assertThat(s.explanation()).contains("No score");
    }

    @Test
    void missingWeightIsRefusedWithTheMitigationNamed() {
        Map<Mitigation, Integer> partial = new EnumMap<>(WEIGHTS);
        partial.remove(Mitigation.SIEVE);
        assertThatThrownBy(() -> MitigationRules.score(statuses(), partial)).hasMessageContaining("sieve");
    }

    @Test
    void assessGivesEveryMitigationAndTheScore() {
        var results = java.util.List.of(MitigationStatusTests.result(
                "spf",
                "example.org",
                dev.mailward.checks.Finding.of(
                        dev.mailward.checks.spf.SpfCode.SPF_ALL_ENFORCED, dev.mailward.checks.Status.PASS, "-all")));
        DomainAssessment a = MitigationRules.assess(results, java.util.List.of(), WEIGHTS, MitigationStatusTests.NOW);
        assertThat(a.mitigations()).hasSize(13);
        assertThat(a.score().percent()).hasValue(100);
        assertThat(a.status(Mitigation.TLS)).isEqualTo(MitigationStatus.NOT_MEASURED);
    }
}
