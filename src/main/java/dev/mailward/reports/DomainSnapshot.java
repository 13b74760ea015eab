package dev.mailward.reports;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Evidence;
import dev.mailward.checks.Mitigation;
import dev.mailward.mitigations.AcceptedException;
import dev.mailward.mitigations.DomainAssessment;
import dev.mailward.mitigations.MitigationRules;
import dev.mailward.results.AcceptedFinding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One domain of a report with its results at the report's point in time.
 *
 * @param id domain id
 * @param name A-label
 * @param displayName U-label
 * @param teamId owning team
 * @param teamName the team's name
 * @param tags the domain's tags
 * @param results one per (check, target), ordered by check and target; empty when never checked by then
 * @param exceptions accepted findings in force at that point in time
 */
record DomainSnapshot(
        long id,
        String name,
        String displayName,
        long teamId,
        String teamName,
        List<String> tags,
        List<ReportRow> results,
        List<AcceptedFinding> exceptions) {

    DomainSnapshot {
        tags = List.copyOf(tags);
        results = List.copyOf(results);
        exceptions = List.copyOf(exceptions);
    }

    /**
     * Its mitigation statuses and score at the report's point in time {@code at}, by the one assessment
     * ({@link MitigationRules#assess}), with its exceptions held until {@link AcceptedFinding#endsAt()}.
     */
    DomainAssessment assess(Map<Mitigation, Integer> weights, Instant at) {
        List<CheckResult> rs = new ArrayList<>(results.size());
        for (ReportRow r : results) {
            rs.add(new CheckResult(
                    r.check(), r.target(), r.status(), r.findings(), Evidence.empty(), r.checkedAt(), Duration.ZERO));
        }
        List<AcceptedException> xs = new ArrayList<>(exceptions.size());
        for (AcceptedFinding f : exceptions) {
            xs.add(new AcceptedException(f.code(), f.coveredTarget(), f.reason(), f.endsAt(), f.coveredCheck()));
        }
        return MitigationRules.assess(rs, xs, weights, at);
    }

    /** Whether an exception covers the finding {@code code} of {@code row}. */
    boolean accepted(ReportRow row, String code) {
        return exceptions.stream().anyMatch(e -> e.covers(row.check(), row.target(), code));
    }
}
