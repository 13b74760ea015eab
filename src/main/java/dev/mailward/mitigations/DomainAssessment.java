package dev.mailward.mitigations;

import dev.mailward.checks.Mitigation;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Every mitigation's status for one domain, in catalogue order, and the score with its explanation.
 *
 * @param mitigations one assessment per mitigation of the catalogue (all thirteen, measured or not)
 * @param score the weighted score and how it was computed
 */
public record DomainAssessment(Map<Mitigation, MitigationAssessment> mitigations, ScoreBreakdown score) {

    public DomainAssessment {
        mitigations = Collections.unmodifiableMap(new EnumMap<>(mitigations));
    }

    public MitigationStatus status(Mitigation mitigation) {
        MitigationAssessment a = mitigations.get(mitigation);
        return a == null ? MitigationStatus.NOT_MEASURED : a.status();
    }
}
