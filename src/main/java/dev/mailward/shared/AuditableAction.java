package dev.mailward.shared;

/**
 * Publish this event (inside the transaction that made the change) to have an action audited
 * when no more specific event exists: scans started or cancelled, accepted exceptions, uploads,
 * exports. The entry is written synchronously in the publishing transaction (it commits or rolls
 * back with the change); a missing source address is filled in from the current HTTP request.
 *
 * @param actor user name of who acted ({@code system} for Mailward itself)
 * @param sourceAddress client address, {@code null} to take the current request's (or none)
 * @param action stable dotted action id, e.g. {@code scan.started}
 * @param target what was acted on, e.g. {@code domain:example.org}
 * @param detail free text or JSON with the minimum needed to understand the change; never secrets
 * @param teamId team whose rows the action concerns; auditors of that team see the entry.
 *     {@code null}: only admins see it
 */
public record AuditableAction(
        String actor, String sourceAddress, String action, String target, String detail, Long teamId) {

    /** An action that concerns no single team (admins only). */
    public AuditableAction(String actor, String sourceAddress, String action, String target, String detail) {
        this(actor, sourceAddress, action, target, detail, null);
    }

    /** An action on a team's rows by the given actor, source address taken from the current request. */
    public static AuditableAction forTeam(String actor, long teamId, String action, String target, String detail) {
        return new AuditableAction(actor, null, action, target, detail, teamId);
    }
}
