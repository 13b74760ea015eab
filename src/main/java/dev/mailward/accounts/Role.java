package dev.mailward.accounts;

/**
 * The roles of Mailward, the only place they are defined. A user has exactly one role; Spring
 * Security sees it as the authority {@code ROLE_<name>}.
 */
public enum Role {
    /** Everything: users, roles, teams, settings, all domains of all teams. */
    ADMIN,
    /** Onboards and edits domains and servers of their teams, runs scans, exports. */
    OPERATOR,
    /** Reads dashboards, findings and the audit log of their teams; changes nothing. */
    AUDITOR;

    /** The Spring Security authority of this role, e.g. {@code ROLE_ADMIN}. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** Whether this role may change state (anything beyond reading and exporting). */
    public boolean canWrite() {
        return this == ADMIN || this == OPERATOR;
    }

    /** Whether this role may do everything {@code other} may ({@code ADMIN > OPERATOR > AUDITOR}). */
    public boolean includes(Role other) {
        return ordinal() <= other.ordinal();
    }

    /** The less powerful of the two roles. */
    public static Role lesser(Role a, Role b) {
        return a.includes(b) ? b : a;
    }
}
