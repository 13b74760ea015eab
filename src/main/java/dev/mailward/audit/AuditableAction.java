package dev.mailward.audit;

/**
 * Publish this event (inside the transaction that made the change) to have an action audited
 * when no more specific event exists.
 *
 * @param actor user name of who acted ({@code system} for Mailward itself)
 * @param sourceAddress client address, {@code null} when not from a request
 * @param action stable dotted action id, e.g. {@code domain.added}
 * @param target what was acted on, e.g. {@code domain:example.org}
 * @param detail free text or JSON with the minimum needed to understand the change; never secrets
 */
public record AuditableAction(String actor, String sourceAddress, String action, String target, String detail) {
}
