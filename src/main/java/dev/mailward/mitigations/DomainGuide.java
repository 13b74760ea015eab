package dev.mailward.mitigations;

import java.util.List;
import java.util.Objects;

/**
 * A remediation guide filled in for one domain: where the domain stands on the mitigation, the results
 * behind the findings that are not passing, and the fixes generated from what was observed.
 *
 * @param domainId the inventory id
 * @param name the A-label
 * @param displayName the name as shown
 * @param status the mitigation's status for the domain
 * @param results the results with failing, erring or warning findings, worst first
 * @param fixes the generated fixes of this mitigation, those answering a FAIL first, each with the findings
 *     it answers (may be empty)
 */
public record DomainGuide(
        long domainId,
        String name,
        String displayName,
        MitigationStatus status,
        List<ResultEvidence> results,
        List<FixGenerator.Generated> fixes) {

    public DomainGuide {
        Objects.requireNonNull(status, "status");
        results = List.copyOf(results);
        fixes = List.copyOf(fixes);
    }

    /**
     * One result with its not-passing findings of the mitigation and its evidence.
     *
     * @param check check id
     * @param target what was checked
     * @param findings the findings of the mitigation that fail, err or warn (accepted ones flagged)
     * @param evidence the evidence as indented JSON, at most {@link GuideService#MAX_EVIDENCE_CHARS} characters
     * @param truncated whether the evidence was cut
     */
    public record ResultEvidence(
            String check, String target, List<ObservedFinding> findings, String evidence, boolean truncated) {
        public ResultEvidence {
            findings = List.copyOf(findings);
        }
    }
}
