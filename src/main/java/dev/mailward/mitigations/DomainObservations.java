package dev.mailward.mitigations;

import dev.mailward.checks.CheckResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What was last observed of one domain, as a guide needs it.
 *
 * @param domainId the inventory id
 * @param name the A-label, e.g. {@code xn--bcher-kva.example}
 * @param displayName the name as shown (U-label)
 * @param results the current result per check and target
 * @param exceptions the accepted findings in force
 */
public record DomainObservations(
        long domainId, String name, String displayName, List<Observed> results, List<AcceptedException> exceptions) {

    public DomainObservations {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(displayName, "displayName");
        results = List.copyOf(results);
        exceptions = List.copyOf(exceptions);
    }

    /** The results as the rules and record builders read them. */
    public List<CheckResult> checkResults() {
        return results.stream().map(Observed::result).toList();
    }

    /**
     * One stored result.
     *
     * @param result the result; its evidence carries at least the certificates and the family's details
     *     (what {@link GuideService} builds fixes from)
     * @param evidence the whole evidence as stored, in the "Results" JSON structure of CHECKS.md (shown as is)
     */
    public record Observed(CheckResult result, Map<String, Object> evidence) {
        public Observed {
            Objects.requireNonNull(result, "result");
            evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
        }
    }
}
