package dev.mailward.checks;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One check family, in two stages (HOUSE_STYLE §14): {@link #observe} does the family's network
 * I/O once, through the context's {@code dns}/{@code probe} objects and under its deadline, and
 * returns a typed {@link Observation}; {@link #analyse} judges that observation as a pure function
 * (no I/O, no clock), emitting findings with stable codes. Judging a stored observation again
 * (after {@link ObservationJson}) gives equal results. Implementations are stateless and
 * thread-safe.
 *
 * @param <O> the family's observation record
 */
public interface Check<O extends Observation> {

    /** The check id as in CHECKS.md, e.g. {@code spf}; also the family's key in a {@link DomainObservation}. */
    String id();

    /** What the results are about. */
    TargetKind targetKind();

    /** Every finding code this family can emit (for the catalogue's completeness test). */
    List<? extends FindingCode> codes();

    /** The mitigations this family informs. */
    default Set<Mitigation> mitigations() {
        return codes().stream().map(FindingCode::mitigation).collect(Collectors.toSet());
    }

    /** The class of {@link #observe}'s result; {@link ObservationJson} decodes a stored observation by it. */
    Class<O> observationType();

    /**
     * Observes the context's domain: every DNS answer, fetch and session the family's analysis
     * needs, with the times its results will report. Must not throw for anything the network or
     * the data does: a failed lookup is part of the observation.
     */
    O observe(CheckContext context);

    /**
     * Judges an observation of this family: one result per target (one for domain checks, one per
     * selector for dkim, one per address for ptr). Pure: no network, no clock, no shared state;
     * equal observations give equal results. A family may reuse, for the very observation object
     * its {@link #observe} returned, what it judged while observing ({@link LiveJudgements}): a
     * cache of this function, which gives what walking the observation again gives.
     */
    List<CheckResult> analyse(O observation);

    /**
     * Observes and judges the context's domain in one go: this family on its own, outside a
     * {@link CheckRunner} (tests, tools). Families of one runner share their facts; this does not.
     */
    default List<CheckResult> run(CheckContext context) {
        return analyse(observe(context));
    }
}
