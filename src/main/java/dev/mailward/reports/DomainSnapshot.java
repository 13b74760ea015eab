package dev.mailward.reports;

import dev.mailward.scanning.AcceptedFinding;
import java.util.List;

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
record DomainSnapshot(long id, String name, String displayName, long teamId, String teamName, List<String> tags,
        List<ReportRow> results, List<AcceptedFinding> exceptions) {

    DomainSnapshot {
        tags = List.copyOf(tags);
        results = List.copyOf(results);
        exceptions = List.copyOf(exceptions);
    }

    /** Whether an exception covers the finding {@code code} of {@code row}. */
    boolean accepted(ReportRow row, String code) {
        return exceptions.stream().anyMatch(e -> e.covers(row.check(), row.target(), code));
    }
}
