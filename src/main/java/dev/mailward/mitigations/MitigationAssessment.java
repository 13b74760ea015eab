package dev.mailward.mitigations;

import dev.mailward.checks.Mitigation;
import java.util.List;
import java.util.Objects;

/**
 * The status of one mitigation for one domain and the findings it was derived from (most severe first).
 *
 * @param mitigation the mitigation
 * @param status the derived status
 * @param findings the findings that inform it; empty when {@code NOT_MEASURED}
 */
public record MitigationAssessment(Mitigation mitigation, MitigationStatus status, List<ObservedFinding> findings) {

    public MitigationAssessment {
        Objects.requireNonNull(mitigation, "mitigation");
        Objects.requireNonNull(status, "status");
        findings = List.copyOf(findings);
    }

    /** The findings covered by an accepted exception. */
    public List<ObservedFinding> accepted() {
        return findings.stream().filter(ObservedFinding::accepted).toList();
    }
}
