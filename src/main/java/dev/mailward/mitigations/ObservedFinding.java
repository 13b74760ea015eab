package dev.mailward.mitigations;

import dev.mailward.checks.Finding;
import java.util.Objects;
import java.util.Optional;

/**
 * One finding as a mitigation sees it: where it came from and whether an accepted exception covers it.
 *
 * @param check the check id of the result, e.g. {@code spf}
 * @param target the result target, e.g. the domain or an MX address
 * @param finding the finding
 * @param acceptedBy the unexpired exception covering it, when there is one
 */
public record ObservedFinding(String check, String target, Finding finding, Optional<AcceptedException> acceptedBy) {

    public ObservedFinding {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(finding, "finding");
        Objects.requireNonNull(acceptedBy, "acceptedBy");
    }

    /** True when an exception covers it and it is not a pass (accepting a pass changes nothing). */
    public boolean accepted() {
        return acceptedBy.isPresent()
                && finding.status() != dev.mailward.checks.Status.PASS
                && finding.status() != dev.mailward.checks.Status.NOT_APPLICABLE;
    }
}
