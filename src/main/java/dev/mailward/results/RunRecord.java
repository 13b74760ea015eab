package dev.mailward.results;

import dev.mailward.checks.CheckResult;
import java.util.List;

/**
 * What the record stage receives from one engine run of one domain: the judged results, to be stored
 * as history and current state and compared with what was recorded before ({@link Results#record}).
 *
 * <p>The record stage grows here: the scan's typed observation ({@code checks.DomainObservation}) and
 * the version of the rules that judged it (issue 16, "rules can change without rescanning") become
 * fields of this record, and {@link Results#record} stores them beside the run, so that the latest
 * observations can be judged again without touching the network.
 *
 * @param runId the {@code check_run} of {@link Results#startRun}
 * @param domainId the domain
 * @param domain its A-label (kept on each change)
 * @param results the results the checks gave, after any re-check of a regression
 */
public record RunRecord(long runId, long domainId, String domain, List<CheckResult> results) {

    public RunRecord {
        results = List.copyOf(results);
    }
}
