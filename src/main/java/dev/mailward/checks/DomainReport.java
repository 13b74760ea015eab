package dev.mailward.checks;

import java.time.Instant;
import java.util.List;

/**
 * All results of one run of the engine for one domain, in the shared "Results" format of
 * CHECKS.md: one result per (check id, target).
 *
 * @param domain the domain as checked (A-label)
 * @param checkedAt when the run started
 * @param results one per check id and target
 */
public record DomainReport(String domain, Instant checkedAt, List<CheckResult> results) {

    public DomainReport {
        results = List.copyOf(results);
    }

    /** The worst status over every result ({@code NOT_APPLICABLE} when there are none). */
    public Status worst() {
        return Status.worst(results.stream().map(CheckResult::status).toList());
    }
}
