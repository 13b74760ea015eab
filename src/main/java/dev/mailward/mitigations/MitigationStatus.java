package dev.mailward.mitigations;

/**
 * The status of one mitigation for one domain, derived by {@link MitigationRules}.
 *
 * <ul>
 * <li>{@code PASS}, {@code WARN}, {@code FAIL}: measured; the worst of the applicable findings.</li>
 * <li>{@code ERROR}: at least one applicable finding could not be measured and nothing failed; never a pass.</li>
 * <li>{@code NOT_APPLICABLE}: measured, and every finding said the mitigation does not apply (e.g. TLS for a
 * domain with a null MX).</li>
 * <li>{@code NOT_MEASURED}: no finding informs it yet (no probe or configuration audit ran); distinct from
 * not applicable.</li>
 * <li>{@code ACCEPTED}: everything not passing is covered by an accepted exception that has not expired; shown
 * as accepted, never as passing.</li>
 * </ul>
 */
public enum MitigationStatus {
    PASS,
    WARN,
    FAIL,
    ERROR,
    NOT_APPLICABLE,
    NOT_MEASURED,
    ACCEPTED;

    /** True for the statuses that enter the score: measured and applicable. */
    public boolean counted() {
        return this != NOT_APPLICABLE && this != NOT_MEASURED;
    }
}
