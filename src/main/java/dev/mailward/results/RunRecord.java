package dev.mailward.results;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.DomainObservation;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the record stage receives from one engine run of one domain: the judged results, to be stored
 * as history and current state and compared with what was recorded before, and the observation they
 * were judged from with the version of the rules that judged it ({@link Results#record}). The
 * observation is stored beside the run, so that the latest one of each domain can be judged again
 * under newer rules without the network ({@link Results#rejudgeAll}).
 *
 * @param runId the {@code check_run} of {@link Results#startRun}
 * @param domainId the domain
 * @param domain its A-label (kept on each change)
 * @param results the results the checks gave, after any re-check of a regression
 * @param observation the observation {@code results} were judged from
 * @param rulesVersion the rules that judged it ({@code checks.Rules.VERSION} of the judging code)
 * @param complete the check ids (of results) this run covered in full: every target the domain has now has a
 *     result of the run, so a current result of one of these checks whose target the run has not is gone (the
 *     scanner leaves out a family that did not complete, whose discovery failed or that could not measure)
 */
public record RunRecord(
        long runId,
        long domainId,
        String domain,
        List<CheckResult> results,
        DomainObservation observation,
        int rulesVersion,
        Set<String> complete) {

    public RunRecord {
        results = List.copyOf(results);
        complete = Set.copyOf(complete);
        Objects.requireNonNull(observation, "observation");
        if (rulesVersion < 1) {
            throw new IllegalArgumentException("rules version must be at least 1, was " + rulesVersion);
        }
    }

    /** A run that covered no check in full: it retires no target. */
    public RunRecord(
            long runId,
            long domainId,
            String domain,
            List<CheckResult> results,
            DomainObservation observation,
            int rulesVersion) {
        this(runId, domainId, domain, results, observation, rulesVersion, Set.of());
    }
}
