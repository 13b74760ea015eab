package dev.mailward.checks;

import java.util.List;
import java.util.Set;

/**
 * One check family. Implementations are stateless and thread-safe; every network access goes
 * through the context's {@code dns}/{@code probe} objects with the context's deadline, and the
 * judgement is a pure function of what was observed.
 */
public interface Check {

    /** The check id as in CHECKS.md, e.g. {@code spf}. Families with several ids report each. */
    String id();

    /** What the results are about. */
    TargetKind targetKind();

    /** Every finding code this family can emit (for the catalogue's completeness test). */
    List<? extends FindingCode> codes();

    /** The mitigations this family informs. */
    default Set<Mitigation> mitigations() {
        return codes().stream().map(FindingCode::mitigation).collect(java.util.stream.Collectors.toSet());
    }

    /**
     * Runs the check for the context's domain. Returns one result per target (one for domain
     * checks, one per selector for dkim, one per address for ptr). Must not throw for anything
     * the network or the data does: that is an {@code ERROR} finding.
     */
    List<CheckResult> run(CheckContext context);
}
