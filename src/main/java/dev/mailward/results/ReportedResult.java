package dev.mailward.results;

import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import java.time.Instant;
import java.util.List;

/**
 * One result as {@code /api/v1/results} reports it: the latest of one check on one target of a domain
 * at the point in time asked for.
 *
 * @param domain the domain (A-label)
 * @param check check id
 * @param target what was checked
 * @param status worst status of the findings
 * @param findings the findings
 * @param checkedAt when the check ran
 */
public record ReportedResult(
        String domain, String check, String target, Status status, List<Finding> findings, Instant checkedAt) {

    public ReportedResult {
        findings = List.copyOf(findings);
    }
}
