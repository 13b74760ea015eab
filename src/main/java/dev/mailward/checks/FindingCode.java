package dev.mailward.checks;

/**
 * A stable finding code such as {@code SPF_TOO_MANY_LOOKUPS}. Each check family declares its
 * codes as an enum implementing this interface, so that the catalogue can prove every code has a
 * mitigation and a guide section.
 */
public interface FindingCode {

    /** The stable code, upper snake case, e.g. {@code SPF_TOO_MANY_LOOKUPS}. */
    String name();

    /** The mitigation this code informs. */
    Mitigation mitigation();

    /** A one-line title for guides and legends, e.g. "More than 10 DNS-querying SPF terms". */
    String title();
}
